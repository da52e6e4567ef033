export * from './service-metrics.js';
export * from './consumer-lag.js';
export * from './metrics-listener.js';
