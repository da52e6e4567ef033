export * from './logger.js';
export * from './database.js';
export * from './event-store.js';
export * from './workers.js';
export * from './default-tenant.js';
export * from './default-superuser.js';
