export * from './event-sink.js';
export * from './cloud-events.js';
export * from './kafkajs-event-sink.js';
export * from './kafka-publisher.js';
export * from './log-replay.js';
