import { ACL_EVENT_TYPES } from '#libs/domain/acl';
import { BLACKLIST_EVENT_TYPES } from '#libs/domain/blacklist';
import { TENANT_EVENT_TYPES } from '#libs/domain/tenant';
import { aclProjection } from './acl/index.js';
import { auditLog } from './audit/index.js';
import { blacklistProjection } from './blacklist/index.js';
import { type Projection, projection } from './projection/index.js';
import { tenantProjection } from './tenant/index.js';

/** Every event type the domain records; each projection handles or ignores each of them. */
export const DOMAIN_EVENT_TYPES: ReadonlySet<string> = new Set([...TENANT_EVENT_TYPES, ...ACL_EVENT_TYPES, ...BLACKLIST_EVENT_TYPES]);

/** Cluster metadata: configuration, tenants, nodes, ACL rules, blacklist. Named as in the cluster status' `meta` section. */
export const clusterMetadataProjection: Projection = projection({
  name: 'cluster-metadata',
  parts: [tenantProjection, aclProjection, blacklistProjection],
  ignores: [],
});

/**
 * The audit log (rm_audit): every event of the log, whatever its type, so a new resource needs no change
 * here. A projection of its own, with its own checkpoint and leader, that commands do not wait for: a
 * slow audit log (or one replaying a long log after its migration) never delays a command's answer.
 */
export const auditLogProjection: Projection = projection({ name: 'audit-log', everyEvent: auditLog, readYourWrites: false });

/** Every projection whose read models answer queries; commands wait for those that handle their events, unless they say readYourWrites: false. */
export const projections: readonly Projection[] = [clusterMetadataProjection, auditLogProjection];
