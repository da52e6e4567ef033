import type { TenantConfig } from './tenant.events.js';

export class CreateTenant {
  readonly kind = 'CreateTenant';
  constructor(
    readonly tenantName: string,
    readonly desc: string | undefined,
    readonly config: Partial<TenantConfig> | undefined,
    /** Unix seconds; the clock is read at the edge so the rules stay pure. */
    readonly now: number,
  ) {}
}

export class UpdateTenant {
  readonly kind = 'UpdateTenant';
  constructor(
    readonly tenantName: string,
    readonly desc: string | undefined,
    readonly config: Partial<TenantConfig> | undefined,
  ) {}
}

export class DeleteTenant {
  readonly kind = 'DeleteTenant';
  constructor(readonly tenantName: string) {}
}

export type TenantCommand = CreateTenant | UpdateTenant | DeleteTenant;
