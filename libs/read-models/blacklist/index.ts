export * from './blacklist.projection.js';
export * from './blacklist.queries.js';
