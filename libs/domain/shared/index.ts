export * from './errors.js';
export * from './events.js';
export * from './stream-id.js';
export * from './decider.js';
export * from './upcasting.js';
export * from './mqtt-topics.js';
export * from './network-addresses.js';
export * from './safe-regex.js';
