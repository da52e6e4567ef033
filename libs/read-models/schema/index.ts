export * from './schema.projection.js';
export * from './schema.queries.js';
