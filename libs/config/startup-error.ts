/**
 * A start-up failure the operator has to fix (a folder, a permission, a port): its message is one line
 * naming the cause and what to do, logged as is, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message.replace(/\s+/g, ' ').trim(), options);
    this.name = 'StartupError';
  }
}
