import type { Upcaster } from '../shared/index.js';

/** Cluster configuration events are all at schema version 1: nothing to upgrade yet. */
export const clusterConfigUpcasters: readonly Upcaster[] = [];
