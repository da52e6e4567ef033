import type { Upcaster } from '../shared/index.js';

/** ACL events are all at schema version 1: nothing to upgrade yet. */
export const aclUpcasters: readonly Upcaster[] = [];
