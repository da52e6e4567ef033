import type { Upcaster } from '../shared/index.js';

/** User events are all at schema version 1: nothing to upgrade yet. */
export const userUpcasters: readonly Upcaster[] = [];
