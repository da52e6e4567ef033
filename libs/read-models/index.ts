export * from './projections.js';
export * from './read-your-writes.js';
export * from './projection/index.js';
