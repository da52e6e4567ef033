/** The API's one response shape (API-CONTRACT §1): code 0 with data, or code 100 with an error text. */
export interface Envelope<T = unknown> {
  code: 0 | 100;
  data: T | '';
  error: string | null;
}

/** A failure repeats its text as `message`: the RobustMQ dashboard shows that field in its error toast. */
export interface FailureEnvelope extends Envelope<never> {
  code: 100;
  error: string;
  message: string;
}

export const success = <T>(data: T): Envelope<T> => ({ code: 0, data, error: null });

export const failure = (error: string): FailureEnvelope => ({ code: 100, data: '', error, message: error });
