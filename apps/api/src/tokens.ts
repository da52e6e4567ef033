/** Injection tokens for what the runtime builds outside Nest and hands in. */
export const SETTINGS = Symbol('SETTINGS');
export const LOGGER = Symbol('LOGGER');
export const DATABASE_POOL = Symbol('DATABASE_POOL');
export const CONSUMER_PROGRESS = Symbol('CONSUMER_PROGRESS');
