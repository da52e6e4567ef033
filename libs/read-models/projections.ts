import { ACL_EVENT_TYPES } from '#libs/domain/acl';
import { BLACKLIST_EVENT_TYPES } from '#libs/domain/blacklist';
import { CLUSTER_CONFIG_EVENT_TYPES } from '#libs/domain/cluster-config';
import { CONNECTOR_EVENT_TYPES } from '#libs/domain/connector';
import { SCHEMA_EVENT_TYPES } from '#libs/domain/schema';
import { TENANT_EVENT_TYPES } from '#libs/domain/tenant';
import { TOPIC_EVENT_TYPES } from '#libs/domain/topic';
import { TOPIC_REWRITE_EVENT_TYPES } from '#libs/domain/topic-rewrite';
import { USER_EVENT_TYPES } from '#libs/domain/user';
import { aclProjection } from './acl/index.js';
import { blacklistProjection } from './blacklist/index.js';
import { connectorProjection } from './connector/index.js';
import { type Projection, projection } from './projection/index.js';
import { schemaProjection } from './schema/index.js';
import { tenantProjection } from './tenant/index.js';
import { topicProjection } from './topic/index.js';
import { topicRewriteProjection } from './topic-rewrite/index.js';
import { userProjection } from './user/index.js';

/** Every event type the domain records; each projection handles or ignores each of them. */
export const DOMAIN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...TENANT_EVENT_TYPES,
  ...USER_EVENT_TYPES,
  ...ACL_EVENT_TYPES,
  ...BLACKLIST_EVENT_TYPES,
  ...TOPIC_EVENT_TYPES,
  ...TOPIC_REWRITE_EVENT_TYPES,
  ...CONNECTOR_EVENT_TYPES,
  ...SCHEMA_EVENT_TYPES,
  ...CLUSTER_CONFIG_EVENT_TYPES,
]);

/**
 * Cluster metadata: configuration, tenants, nodes, users, ACL rules, blacklist, topics, topic rewrites,
 * connectors, schemas and their bindings. Named as in the cluster status' `meta` section.
 */
export const clusterMetadataProjection: Projection = projection({
  name: 'cluster-metadata',
  parts: [
    tenantProjection,
    userProjection,
    aclProjection,
    blacklistProjection,
    topicProjection,
    topicRewriteProjection,
    connectorProjection,
    schemaProjection,
  ],
  // The tenant topic counter serves the quota rule only; lists count their rows in rm_counts.
  // Each instance follows the configuration in memory (LiveClusterConfig); history and as-of reads read the log.
  ignores: ['TopicCountChanged', ...CLUSTER_CONFIG_EVENT_TYPES],
});

/** Every projection whose read models answer queries; commands wait for those that handle their events (read-your-writes). */
export const projections: readonly Projection[] = [clusterMetadataProjection];
