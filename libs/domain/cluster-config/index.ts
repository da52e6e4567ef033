export * from './config-sections.js';
export * from './section-parser.js';
export * from './cluster-config.events.js';
export * from './cluster-config.commands.js';
export * from './cluster-config.js';
export * from './cluster-config.upcasters.js';
