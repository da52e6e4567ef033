export * from './cluster-config-log.js';
export * from './live-cluster-config.js';
