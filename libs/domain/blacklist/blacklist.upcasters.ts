import type { Upcaster } from '../shared/index.js';

/** Blacklist events are all at schema version 1: nothing to upgrade yet. */
export const blacklistUpcasters: readonly Upcaster[] = [];
