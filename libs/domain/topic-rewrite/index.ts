export * from './topic-rewrite.events.js';
export * from './topic-rewrite.commands.js';
export * from './topic-rewrite.js';
export * from './topic-rewrite.upcasters.js';
