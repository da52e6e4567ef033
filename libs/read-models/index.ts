export * from './projections.js';
export * from './read-your-writes.js';
export * from './projection/index.js';
export * from './read-model-tables.js';
export * from './rebuild/index.js';
