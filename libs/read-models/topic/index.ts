export * from './topic.projection.js';
export * from './topic.queries.js';
