export * from './acl.projection.js';
export * from './acl.queries.js';
