export * from './node-registry.js';
export * from './cluster-snapshot.js';
export * from './cluster-status.js';
export * from './health.js';
export * from './cluster-view.js';
