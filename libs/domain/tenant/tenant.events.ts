/** Resource quota of a tenant; numbers are u64/u32 in RobustMQ, kept within JavaScript's safe integers. */
export interface TenantConfig {
  max_connections_per_node: number;
  max_create_connection_rate_per_second: number;
  max_topics: number;
  max_sessions: number;
  max_publish_rate: number;
}

/** RobustMQ's TenantConfig::default(). */
export const DEFAULT_TENANT_CONFIG: TenantConfig = {
  max_connections_per_node: 10_000_000,
  max_create_connection_rate_per_second: 10_000,
  max_topics: 5_000_000,
  max_sessions: 50_000_000,
  max_publish_rate: 10_000,
};

export const DEFAULT_TENANT_NAME = 'default';

/** Schema version 1 of each event; upcasters for later versions live beside this file. */
export type TenantCreated = {
  type: 'TenantCreated';
  data: { tenant_name: string; desc: string; config: TenantConfig; create_time: number };
};

/** Carries the tenant's values after the update, so consumers need no earlier event to apply it. */
export type TenantUpdated = {
  type: 'TenantUpdated';
  data: { tenant_name: string; desc: string; config: TenantConfig };
};

export type TenantDeleted = {
  type: 'TenantDeleted';
  data: { tenant_name: string };
};

export type TenantEvent = TenantCreated | TenantUpdated | TenantDeleted;

/** Every tenant event type; the record's keys make the compiler check the list is complete. */
const TENANT_EVENT_TYPE_RECORD: Record<TenantEvent['type'], true> = { TenantCreated: true, TenantUpdated: true, TenantDeleted: true };
export const TENANT_EVENT_TYPES: readonly TenantEvent['type'][] = Object.keys(TENANT_EVENT_TYPE_RECORD) as TenantEvent['type'][];
