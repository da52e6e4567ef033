import { aclProjection } from './acl/index.js';
import { auditLog } from './audit/index.js';
import { blacklistProjection } from './blacklist/index.js';
import { connectorProjection } from './connector/index.js';
import type { Projection, ProjectionPart } from './projection/index.js';
import { schemaProjection } from './schema/index.js';
import { tenantProjection } from './tenant/index.js';
import { topicProjection } from './topic/index.js';
import { topicRewriteProjection } from './topic-rewrite/index.js';
import { userProjection } from './user/index.js';

/**
 * The tables each part writes, keyed by the part itself, so a projection made of parts (whichever way the
 * parts are grouped into projections) knows its tables: what `npm run rebuild` replaces. `rm_counts` is
 * no part's: it is shared, and a rebuild replaces only the rows of its own tables there.
 */
const TABLES_OF_PART = new Map<ProjectionPart, readonly string[]>([
  [tenantProjection, ['rm_tenants']],
  [userProjection, ['rm_users']],
  [aclProjection, ['rm_acl']],
  [blacklistProjection, ['rm_blacklist']],
  [topicProjection, ['rm_topics']],
  [topicRewriteProjection, ['rm_topic_rewrites']],
  [connectorProjection, ['rm_connectors']],
  [schemaProjection, ['rm_schemas', 'rm_schema_bindings']],
  [auditLog, ['rm_audit']],
]);

export class UnknownReadModelTablesError extends Error {}

/** The read-model tables a projection writes, in the order of its parts. */
export function readModelTables(projection: Projection): string[] {
  return projection.parts.flatMap((part) => {
    const tables = TABLES_OF_PART.get(part);
    if (!tables) throw new UnknownReadModelTablesError(`a part of projection ${projection.name} has no tables in read-model-tables.ts`);
    return tables;
  });
}
