/**
 * Runs the tasks given under one key one after another, in the order given; tasks of different keys
 * run side by side. For commands that all append to one stream (a tenant's topic counter): queued in
 * the process, they do not lose the append race to each other and give up after their retries; only
 * writers in other processes still race, and are retried as usual.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last task of a key leaves no entry behind.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
