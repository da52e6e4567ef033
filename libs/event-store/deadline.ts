/** A dependency that did not answer within its deadline: answered 503, like an unreachable database. */
export class DeadlineExceededError extends Error {
  readonly statusCode = 503;
}

/** Rejects when `work` has not settled within `ms`; `work` itself goes on (a query cannot be taken back). */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(`${what} got no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
