export * from './errors.js';
export * from './events.js';
export * from './stream-id.js';
export * from './decider.js';
export * from './upcasting.js';
