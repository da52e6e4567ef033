export * from './events.js';
export { type Upcaster, UpcasterRegistry } from '#libs/domain/shared';
export * from './event-store.js';
export * from './checkpoints.js';
export * from './log-consumer.js';
export * from './consumer-progress.js';
export * from './wake-ups.js';
export * from './parked-events.js';
export * from './consumer-failures.js';
