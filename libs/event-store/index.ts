export * from './events.js';
export * from './upcasting.js';
export * from './event-store.js';
export * from './checkpoints.js';
export * from './log-consumer.js';
export * from './consumer-progress.js';
