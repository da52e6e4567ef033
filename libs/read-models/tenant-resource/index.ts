export * from './tenant-resource.projection.js';
