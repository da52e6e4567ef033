export * from './blacklist.events.js';
export * from './blacklist.commands.js';
export * from './blacklist.js';
export * from './blacklist-resource.js';
export * from './blacklist.upcasters.js';
