import type { AclRuleFields } from './acl.events.js';

export class CreateAcl {
  readonly kind = 'CreateAcl';
  constructor(
    readonly tenantName: string,
    readonly name: string,
    readonly rule: AclRuleFields,
  ) {}
}

export class DeleteAcl {
  readonly kind = 'DeleteAcl';
  constructor(
    readonly tenantName: string,
    readonly name: string,
  ) {}
}

export type AclCommand = CreateAcl | DeleteAcl;
