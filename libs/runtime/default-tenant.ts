import { runCommand } from '#libs/application';
import { AlreadyExistsError } from '#libs/domain/shared';
import { CreateTenant, DEFAULT_TENANT_NAME, tenantDecider } from '#libs/domain/tenant';
import type { EventStore } from '#libs/event-store';

/** The `default` tenant exists from the first start; instances starting together race harmlessly. */
export async function ensureDefaultTenant(store: EventStore, now = Math.floor(Date.now() / 1000)): Promise<void> {
  try {
    await runCommand(store, tenantDecider, new CreateTenant(DEFAULT_TENANT_NAME, 'Default tenant', undefined, now));
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}
