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
import { auditLog } from './audit/index.js';
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

/** MQTT resources: the read models of everything the brokers enforce or carry. */
const MQTT_PARTS = [
  userProjection,
  aclProjection,
  blacklistProjection,
  topicProjection,
  topicRewriteProjection,
  connectorProjection,
  schemaProjection,
];

/**
 * The `meta` projector (the cluster status' `meta` section, API-CONTRACT §6): cluster metadata, i.e.
 * tenants. The configuration has no read model (each instance follows it in memory, LiveClusterConfig;
 * history and as-of reads read the log), and nodes are runtime state, not events (libs/cluster).
 */
export const metaProjection: Projection = projection({
  name: 'meta',
  parts: [tenantProjection],
  ignores: [...MQTT_PARTS.flatMap((part) => Object.keys(part)), 'TopicCountChanged', ...CLUSTER_CONFIG_EVENT_TYPES],
});

/**
 * The `mqtt` projector (the cluster status' `mqtt` section): users, ACL rules, blacklist, topics, topic
 * rewrites, connectors, schemas and their bindings. Its own checkpoint and leader: a slow tenant table
 * never holds up these, nor the other way round. No handler reads another projection's tables: every
 * rule across resources (a tenant must exist) is decided on the event store, before the append.
 */
export const mqttProjection: Projection = projection({
  name: 'mqtt',
  parts: MQTT_PARTS,
  // The tenant topic counter serves the quota rule only; lists count their rows in rm_counts.
  ignores: [...TENANT_EVENT_TYPES, 'TopicCountChanged', ...CLUSTER_CONFIG_EVENT_TYPES],
});

/**
 * The audit log (rm_audit): every event of the log, whatever its type, so a new resource needs no change
 * here. A projection of its own, with its own checkpoint and leader, that commands do not wait for: a
 * slow audit log (or one replaying a long log after its migration) never delays a command's answer.
 */
export const auditLogProjection: Projection = projection({ name: 'audit-log', everyEvent: auditLog, readYourWrites: false });

/** Every projection whose read models answer queries; commands wait for those that handle their events, unless they say readYourWrites: false. */
export const projections: readonly Projection[] = [metaProjection, mqttProjection, auditLogProjection];
