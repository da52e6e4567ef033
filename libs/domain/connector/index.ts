export * from './connector.events.js';
export * from './connector.commands.js';
export * from './connector.js';
export * from './connector-config.js';
export * from './connector.upcasters.js';
