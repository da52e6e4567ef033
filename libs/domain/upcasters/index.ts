import { aclUpcasters } from '../acl/index.js';
import { blacklistUpcasters } from '../blacklist/index.js';
import { clusterConfigUpcasters } from '../cluster-config/index.js';
import { UpcasterRegistry } from '../shared/index.js';
import { connectorUpcasters } from '../connector/index.js';
import { schemaUpcasters } from '../schema/index.js';
import { tenantUpcasters } from '../tenant/index.js';
import { topicUpcasters } from '../topic/index.js';
import { topicRewriteUpcasters } from '../topic-rewrite/index.js';
import { userUpcasters } from '../user/index.js';

/** Every aggregate's upcasters, in the one registry that every EventStore the apps build reads with. */
export const upcasters = new UpcasterRegistry([
  ...tenantUpcasters,
  ...userUpcasters,
  ...aclUpcasters,
  ...blacklistUpcasters,
  ...topicUpcasters,
  ...topicRewriteUpcasters,
  ...connectorUpcasters,
  ...schemaUpcasters,
  ...clusterConfigUpcasters,
]);
