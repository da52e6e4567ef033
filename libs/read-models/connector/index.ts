export * from './connector.projection.js';
export * from './connector.queries.js';
