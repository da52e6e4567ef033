import type { BlacklistEntryFields } from './blacklist.events.js';

export class CreateBlacklist {
  readonly kind = 'CreateBlacklist';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly entry: BlacklistEntryFields,
  ) {}
}

export class DeleteBlacklist {
  readonly kind = 'DeleteBlacklist';
  constructor(
    readonly tenantName: string,
    readonly name: string,
  ) {}
}

export type BlacklistCommand = CreateBlacklist | DeleteBlacklist;
