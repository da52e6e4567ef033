import type { LogConsumer } from '#libs/event-store';
import { projection } from './projection/index.js';
import { tenantProjection } from './tenant/index.js';

/** Cluster metadata: configuration, tenants, nodes. Named as in the cluster status' `meta` section. */
export const clusterMetadataProjection: LogConsumer = projection('cluster-metadata', [tenantProjection]);

/** Every projection whose read models answer queries; commands wait for these (read-your-writes). */
export const projections: readonly LogConsumer[] = [clusterMetadataProjection];
