import { aclUpcasters } from '../acl/index.js';
import { blacklistUpcasters } from '../blacklist/index.js';
import { clusterConfigUpcasters } from '../cluster-config/index.js';
import { UpcasterRegistry } from '../shared/index.js';
import { tenantUpcasters } from '../tenant/index.js';

/** Every aggregate's upcasters, in the one registry that every EventStore the apps build reads with. */
export const upcasters = new UpcasterRegistry([...tenantUpcasters, ...aclUpcasters, ...blacklistUpcasters, ...clusterConfigUpcasters]);
