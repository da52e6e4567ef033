export * from './tenant.events.js';
export * from './tenant.commands.js';
export * from './tenant.js';
export * from './tenant.upcasters.js';
export * from './within-tenant.js';
export * from './tenant-resource.js';
