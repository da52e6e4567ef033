import type { Upcaster } from '../shared/index.js';

/** Topic events are all at schema version 1: nothing to upgrade yet. */
export const topicUpcasters: readonly Upcaster[] = [];
