/**
 * Expected failures of a command, as typed values. The HTTP layer maps each kind to a status in one
 * place (apps/api/src/http/error-mapping.ts); the domain knows nothing of HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'not_found' | 'already_exists' | 'rejected' | 'quota_exceeded' | 'conflict' | 'too_large';
}

/** Input that breaks a field rule; each problem reads `field: rule`. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

export class AlreadyExistsError extends DomainError {
  readonly kind = 'already_exists';
}

/** The command is well-formed but the rules do not allow it (e.g. deleting the default tenant). */
export class RejectedError extends DomainError {
  readonly kind = 'rejected';
}

/** The command would take a tenant beyond one of its quotas (e.g. `max_topics`); the message names the quota and the count. */
export class QuotaExceededError extends DomainError {
  readonly kind = 'quota_exceeded';
}

/** A concurrent writer kept winning the race after every retry. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** An event too large to be published; refused before it is appended. */
export class EventTooLargeError extends DomainError {
  readonly kind = 'too_large';
}
