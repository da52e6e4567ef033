import { randomBytes } from 'node:crypto';
import { hashPassword, runCommandAcross } from '#libs/application';
import { DEFAULT_TENANT_NAME } from '#libs/domain/tenant';
import { BootstrapSuperuser, DEFAULT_SUPERUSER_NAME, userInTenant } from '#libs/domain/user';
import type { EventStore, LogCheckpoint } from '#libs/event-store';
import type { Logger } from './logger.js';

/**
 * The MQTT superuser `admin` (RobustMQ's `mqtt_runtime.default_user`) of the `default` tenant, created at
 * the first start, after the tenant. Its password is MQTT_ADMIN_PASSWORD, or else a random one, logged
 * once, at its creation: RobustMQ's fixed default password is a known weakness. Starts that find it,
 * or find it deleted by an operator, record nothing and log nothing; instances starting together race
 * on the user's stream, and only the one whose append wins logs the password.
 * Returns where its creation sits in the log when this call created it.
 */
export async function ensureDefaultSuperuser(
  store: EventStore,
  logger: Logger,
  configuredPassword: string | undefined,
  now = Math.floor(Date.now() / 1000),
): Promise<LogCheckpoint | undefined> {
  const password = configuredPassword ?? randomBytes(18).toString('base64url');
  const command = new BootstrapSuperuser(DEFAULT_TENANT_NAME, DEFAULT_SUPERUSER_NAME, await hashPassword(password), now);
  const outcome = await runCommandAcross(store, userInTenant, command);
  if (outcome.lastEvent === undefined) return undefined;
  const user = { tenant: DEFAULT_TENANT_NAME, username: DEFAULT_SUPERUSER_NAME };
  if (configuredPassword === undefined) {
    logger.warn(
      { ...user, password },
      'created the MQTT superuser with this random password, shown only this once: keep it now. Set MQTT_ADMIN_PASSWORD before the first start to choose it',
    );
  } else {
    logger.info(user, 'created the MQTT superuser with the password of MQTT_ADMIN_PASSWORD');
  }
  return outcome.lastEvent;
}
