import { ACL_EVENT_TYPES } from '#libs/domain/acl';
import { BLACKLIST_EVENT_TYPES } from '#libs/domain/blacklist';
import { CLUSTER_CONFIG_EVENT_TYPES } from '#libs/domain/cluster-config';
import { TENANT_EVENT_TYPES } from '#libs/domain/tenant';
import { aclProjection } from './acl/index.js';
import { blacklistProjection } from './blacklist/index.js';
import { type Projection, projection } from './projection/index.js';
import { tenantProjection } from './tenant/index.js';

/** Every event type the domain records; each projection handles or ignores each of them. */
export const DOMAIN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...TENANT_EVENT_TYPES,
  ...ACL_EVENT_TYPES,
  ...BLACKLIST_EVENT_TYPES,
  ...CLUSTER_CONFIG_EVENT_TYPES,
]);

/** Cluster metadata: configuration, tenants, nodes, ACL rules, blacklist. Named as in the cluster status' `meta` section. */
export const clusterMetadataProjection: Projection = projection({
  name: 'cluster-metadata',
  parts: [tenantProjection, aclProjection, blacklistProjection],
  // Each instance follows the configuration in memory (LiveClusterConfig); history and as-of reads read the log.
  ignores: [...CLUSTER_CONFIG_EVENT_TYPES],
});

/** Every projection whose read models answer queries; commands wait for those that handle their events (read-your-writes). */
export const projections: readonly Projection[] = [clusterMetadataProjection];
