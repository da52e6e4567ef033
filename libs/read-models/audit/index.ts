export * from './audit.projection.js';
export * from './audit.queries.js';
