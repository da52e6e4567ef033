export * from './rebuild.js';
export { SHADOW_SCHEMA } from './shadow-tables.js';
