import { runCommand } from '#libs/application';
import { AlreadyExistsError } from '#libs/domain/shared';
import { CreateTenant, DEFAULT_TENANT_NAME, tenantDecider } from '#libs/domain/tenant';
import type { EventStore, LogCheckpoint } from '#libs/event-store';

/**
 * The `default` tenant exists from the first start; instances starting together race harmlessly.
 * Returns where its creation sits in the log when this call created it, so the caller can wait for
 * the projections before serving.
 */
export async function ensureDefaultTenant(store: EventStore, now = Math.floor(Date.now() / 1000)): Promise<LogCheckpoint | undefined> {
  try {
    const outcome = await runCommand(store, tenantDecider, new CreateTenant(DEFAULT_TENANT_NAME, 'Default tenant', undefined, now));
    return outcome.lastEvent;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    return undefined;
  }
}
