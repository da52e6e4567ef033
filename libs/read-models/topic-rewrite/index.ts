export * from './topic-rewrite.projection.js';
export * from './topic-rewrite.queries.js';
