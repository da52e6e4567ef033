import type { Upcaster } from '../shared/index.js';

/** Tenant events are all at schema version 1: nothing to upgrade yet. */
export const tenantUpcasters: readonly Upcaster[] = [];
