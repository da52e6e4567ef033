export * from './acl.events.js';
export * from './acl.commands.js';
export * from './acl.js';
export * from './acl.upcasters.js';
