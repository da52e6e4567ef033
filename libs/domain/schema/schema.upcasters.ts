import type { Upcaster } from '../shared/index.js';

/** Schema events are all at schema version 1: nothing to upgrade yet. */
export const schemaUpcasters: readonly Upcaster[] = [];
