import { UpcasterRegistry } from '../shared/index.js';
import { tenantUpcasters } from '../tenant/index.js';
import { topicUpcasters } from '../topic/index.js';
import { topicRewriteUpcasters } from '../topic-rewrite/index.js';

/** Every aggregate's upcasters, in the one registry that every EventStore the apps build reads with. */
export const upcasters = new UpcasterRegistry([...tenantUpcasters, ...topicUpcasters, ...topicRewriteUpcasters]);
