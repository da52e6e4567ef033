export * from './tenant.projection.js';
export * from './tenant.queries.js';
