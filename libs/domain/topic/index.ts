export * from './topic.events.js';
export * from './topic.commands.js';
export * from './topic-key.js';
export * from './topic.js';
export * from './topic.upcasters.js';
