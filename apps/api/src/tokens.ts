/** Injection tokens for what the runtime builds outside Nest and hands in. */
export const LOGGER = Symbol('LOGGER');
export const DATABASE_POOL = Symbol('DATABASE_POOL');
export const READ_YOUR_WRITES = Symbol('READ_YOUR_WRITES');
export const CURRENT_CONFIG_ANSWER = Symbol('CURRENT_CONFIG_ANSWER');
export const LIVE_CLUSTER_CONFIG = Symbol('LIVE_CLUSTER_CONFIG');
export const CLUSTER_VIEW = Symbol('CLUSTER_VIEW');
