export * from './settings.js';
export * from './startup-error.js';
