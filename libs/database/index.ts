export * from './pool.js';
export * from './migrations.js';
export * from './embedded-postgres.js';
