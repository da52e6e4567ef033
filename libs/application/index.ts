export * from './request-context.js';
export * from './command-runner.js';
export * from './password-hashing.js';
