import { ACL_EVENT_TYPES } from '#libs/domain/acl';
import { BLACKLIST_EVENT_TYPES } from '#libs/domain/blacklist';
import { CONNECTOR_EVENT_TYPES } from '#libs/domain/connector';
import { SCHEMA_EVENT_TYPES } from '#libs/domain/schema';
import { TENANT_EVENT_TYPES } from '#libs/domain/tenant';
import { USER_EVENT_TYPES } from '#libs/domain/user';
import { aclProjection } from './acl/index.js';
import { blacklistProjection } from './blacklist/index.js';
import { connectorProjection } from './connector/index.js';
import { type Projection, projection } from './projection/index.js';
import { schemaProjection } from './schema/index.js';
import { tenantProjection } from './tenant/index.js';
import { userProjection } from './user/index.js';

/** Every event type the domain records; each projection handles or ignores each of them. */
export const DOMAIN_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...TENANT_EVENT_TYPES,
  ...USER_EVENT_TYPES,
  ...ACL_EVENT_TYPES,
  ...BLACKLIST_EVENT_TYPES,
  ...CONNECTOR_EVENT_TYPES,
  ...SCHEMA_EVENT_TYPES,
]);

/** Cluster metadata: configuration, tenants, nodes, users, ACL rules, blacklist, connectors, schemas and their bindings. Named as in the cluster status' `meta` section. */
export const clusterMetadataProjection: Projection = projection({
  name: 'cluster-metadata',
  parts: [tenantProjection, userProjection, aclProjection, blacklistProjection, connectorProjection, schemaProjection],
  ignores: [],
});

/** Every projection whose read models answer queries; commands wait for those that handle their events (read-your-writes). */
export const projections: readonly Projection[] = [clusterMetadataProjection];
