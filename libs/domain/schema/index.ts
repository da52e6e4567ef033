export * from './schema.events.js';
export * from './schema.commands.js';
export * from './schema.js';
export * from './schema-text.js';
export * from './schema.upcasters.js';
