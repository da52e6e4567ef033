import type { Upcaster } from '../shared/index.js';

/** Connector events are all at schema version 1: nothing to upgrade yet. */
export const connectorUpcasters: readonly Upcaster[] = [];
