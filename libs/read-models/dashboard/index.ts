export * from './resource-counts.js';
