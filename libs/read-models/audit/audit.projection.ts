import { redactSecrets, streamTypeNamed } from '#libs/domain/shared';
import type { RecordedEvent } from '#libs/event-store';
import { setBased } from '../projection/index.js';

/** The names an identity part takes when it names the tenant a resource lives in. */
const TENANT_PARTS: ReadonlySet<string> = new Set(['tenant', 'tenant_name']);

/** Whose event it is: the tenant its resource lives in (null for a resource outside tenants) and the resource's name. */
export interface AuditSubject {
  tenant: string | null;
  name: string;
}

/**
 * One rule for every resource, present and future, read from the stream id alone (its data differs from
 * resource to resource; its stream id is built the same way for all, by `defineStreamType`):
 * - the tenant is the identity part named `tenant` or `tenant_name` (a tenant's own stream included), or
 *   null when the stream type has no such part;
 * - the name is the last identity part: a tenant's name, an ACL rule's name, a user's name...
 * A stream type the code no longer defines (its parts unknown) has no tenant, and its whole identity as name.
 */
export function auditSubject(streamType: string, streamId: string): AuditSubject {
  const type = streamTypeNamed(streamType);
  const values = type?.identityOf(streamId);
  if (!type || !values) return { tenant: null, name: streamId.slice(streamType.length + 1) };
  const tenantPart = type.parts.findIndex((part) => TENANT_PARTS.has(part));
  return { tenant: tenantPart === -1 ? null : values[tenantPart]!, name: values.at(-1)! };
}

/** An event as a row of rm_audit: whose it is, and its data with every secret redacted. */
function auditRecord(event: RecordedEvent) {
  return {
    position: event.position.toString(),
    stream_id: event.streamId,
    resource_type: event.streamType,
    ...auditSubject(event.streamType, event.streamId),
    event_type: event.eventType,
    data: redactSecrets(event.data),
    actor: event.metadata.actor ?? null,
    request_id: event.metadata.request_id ?? null,
    recorded_at: event.recordedAt.toISOString(),
  };
}

/**
 * Every event of the log → one row of rm_audit, a whole batch in one statement. Each event is its own
 * row (no key is written twice), so the batch's order is kept by position alone. A row already there
 * (an event handed again by `npm run parked -- retry`) is kept as it is.
 */
export const auditLog = setBased(async (db, events) => {
  await db.query(
    `INSERT INTO rm_audit (position, stream_id, resource_type, tenant, name, event_type, data, actor, request_id, recorded_at)
     SELECT position, stream_id, resource_type, tenant, name, event_type, data, actor, request_id, recorded_at
       FROM jsonb_to_recordset($1::jsonb)
         AS r(position bigint, stream_id text, resource_type text, tenant text, name text, event_type text, data jsonb,
              actor text, request_id text, recorded_at timestamptz)
     ON CONFLICT (position) DO NOTHING`,
    [JSON.stringify(events.map(auditRecord))],
  );
});
