import type { Upcaster } from '../shared/index.js';

/** Topic rewrite events are all at schema version 1: nothing to upgrade yet. */
export const topicRewriteUpcasters: readonly Upcaster[] = [];
