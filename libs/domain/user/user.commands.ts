import type { PasswordHash } from './user.events.js';

/**
 * The password arrives already hashed: hashing is slow and random, and the rules stay pure and
 * deterministic. `name` is the username: every resource in a tenant is identified by (tenant, name).
 */
export class CreateUser {
  readonly kind = 'CreateUser';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly passwordHash: PasswordHash,
    readonly isSuperuser: boolean,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

/**
 * The service's own superuser, created at a start only if that user has never existed: a start that
 * finds it (or finds that an operator deleted it) records nothing.
 */
export class BootstrapSuperuser {
  readonly kind = 'BootstrapSuperuser';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly passwordHash: PasswordHash,
    readonly now: number,
  ) {}
}

export class DeleteUser {
  readonly kind = 'DeleteUser';
  constructor(
    readonly tenantName: string,
    readonly name: string,
  ) {}
}

export type UserCommand = CreateUser | BootstrapSuperuser | DeleteUser;
