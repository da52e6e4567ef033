/**
 * The eight dynamic sections of RobustMQ's BrokerConfig that `config/set` replaces, with the real
 * server's types and defaults (research §3.2): the "struct default" is what a fresh cluster shows,
 * the "field default" what a field omitted from a set gets. They differ only in MqttOfflineMessage
 * and inside MqttLimit.
 */

/** u64 is capped at the largest integer a JSON number carries exactly, as everywhere in the API. */
export const UNSIGNED_MAX = { u16: 65_535, u32: 4_294_967_295, u64: Number.MAX_SAFE_INTEGER } as const;

export type FieldRule =
  | { kind: 'bool' }
  | { kind: 'unsigned'; width: keyof typeof UNSIGNED_MAX; min?: number; why?: string }
  | { kind: 'percent' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'text'; maxLength: number }
  | { kind: 'object'; name: string; fields: FieldSpecs };

export interface FieldSpec {
  rule: FieldRule;
  /** The value a field omitted (or null) from a set gets. */
  fieldDefault: unknown;
}

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export type SectionValue = Record<string, unknown>;

const bool = (fieldDefault: boolean): FieldSpec => ({ rule: { kind: 'bool' }, fieldDefault });
const unsigned = (width: keyof typeof UNSIGNED_MAX, fieldDefault: number): FieldSpec => ({
  rule: { kind: 'unsigned', width },
  fieldDefault,
});
const percent = (fieldDefault: number): FieldSpec => ({ rule: { kind: 'percent' }, fieldDefault });
const oneOf = (values: readonly string[], fieldDefault: string): FieldSpec => ({ rule: { kind: 'enum', values }, fieldDefault });

/** LimitQuota's own field defaults, which an omitted field gets even inside `cluster` (the real server's quirk). */
const LIMIT_QUOTA: FieldSpecs = {
  max_connections_per_node: unsigned('u64', 1_000_000),
  max_connection_rate: unsigned('u32', 10_000),
  max_topics: unsigned('u64', 500_000),
  max_sessions: unsigned('u64', 5_000_000),
  max_publish_rate: unsigned('u32', 10_000),
};

const CLUSTER_QUOTA_DEFAULT = {
  max_connections_per_node: 10_000_000,
  max_connection_rate: 100_000,
  max_topics: 5_000_000,
  max_sessions: 50_000_000,
  max_publish_rate: 10_000,
};
const TENANT_QUOTA_DEFAULT = {
  max_connections_per_node: 1_000_000,
  max_connection_rate: 10_000,
  max_topics: 500_000,
  max_sessions: 5_000_000,
  max_publish_rate: 10_000,
};

export interface SectionSpec {
  /** The BrokerConfig key that `config/get` shows the section under. */
  key: string;
  fields: FieldSpecs;
  structDefault: SectionValue;
}

export const SECTIONS = {
  MqttSlowSubscribeConfig: {
    key: 'mqtt_slow_subscribe',
    fields: { enable: bool(false), record_time: unsigned('u64', 1000), delay_type: oneOf(['Whole', 'Internal', 'Response'], 'Whole') },
    structDefault: { enable: false, record_time: 1000, delay_type: 'Whole' },
  },
  MqttFlappingDetect: {
    key: 'mqtt_flapping_detect',
    // window_time and ban_time are minutes (the broker reads them with TimeUnit::Minutes).
    fields: {
      enable: bool(false),
      window_time: unsigned('u32', 1),
      max_client_connections: unsigned('u64', 15),
      ban_time: unsigned('u32', 5),
    },
    structDefault: { enable: false, window_time: 1, max_client_connections: 15, ban_time: 5 },
  },
  MqttProtocol: {
    key: 'mqtt_protocol',
    fields: {
      max_session_expiry_interval: unsigned('u32', 1800),
      default_session_expiry_interval: unsigned('u32', 30),
      topic_alias_max: unsigned('u16', 65_535),
      max_packet_size: unsigned('u32', 10_485_760),
      receive_max: unsigned('u16', 65_535),
      max_message_expiry_interval: unsigned('u64', 3600),
      client_pkid_persistent: bool(false),
    },
    structDefault: {
      max_session_expiry_interval: 1800,
      default_session_expiry_interval: 30,
      topic_alias_max: 65_535,
      max_packet_size: 10_485_760,
      receive_max: 65_535,
      max_message_expiry_interval: 3600,
      client_pkid_persistent: false,
    },
  },
  MqttOfflineMessage: {
    key: 'mqtt_offline_message',
    fields: { enable: bool(true), expire_ms: unsigned('u32', 3_600_000), max_messages_num: unsigned('u32', 100_000) },
    structDefault: { enable: true, expire_ms: 0, max_messages_num: 0 },
  },
  MqttSystemMonitor: {
    key: 'mqtt_system_monitor',
    fields: {
      enable: bool(false),
      os_cpu_high_watermark: percent(70),
      os_memory_high_watermark: percent(80),
      system_topic_interval_ms: unsigned('u64', 60_000),
    },
    structDefault: { enable: false, os_cpu_high_watermark: 70, os_memory_high_watermark: 80, system_topic_interval_ms: 60_000 },
  },
  MqttSchema: {
    key: 'mqtt_schema',
    fields: {
      enable: bool(true),
      strategy: oneOf(['ALL', 'Any'], 'ALL'),
      failed_operation: oneOf(['Discard', 'DisconnectAndDiscard', 'Ignore'], 'Discard'),
      echo_log: bool(true),
      log_level: { rule: { kind: 'text', maxLength: 64 }, fieldDefault: 'info' },
    },
    structDefault: { enable: true, strategy: 'ALL', failed_operation: 'Discard', echo_log: true, log_level: 'info' },
  },
  MqttLimit: {
    key: 'mqtt_limit',
    fields: {
      cluster: { rule: { kind: 'object', name: 'LimitQuota', fields: LIMIT_QUOTA }, fieldDefault: CLUSTER_QUOTA_DEFAULT },
      tenant: { rule: { kind: 'object', name: 'LimitQuota', fields: LIMIT_QUOTA }, fieldDefault: TENANT_QUOTA_DEFAULT },
    },
    structDefault: { cluster: CLUSTER_QUOTA_DEFAULT, tenant: TENANT_QUOTA_DEFAULT },
  },
  ClusterLimit: {
    key: 'cluster_limit',
    fields: {
      max_network_connection: unsigned('u64', 100_000_000),
      max_network_connection_rate: unsigned('u32', 10_000),
      // The admin API's own per-path rate: 0 would refuse every request, config/set included, with no way back.
      max_admin_http_uri_rate: {
        rule: { kind: 'unsigned', width: 'u32', min: 1, why: '0 would refuse every request, this one included' },
        fieldDefault: 50,
      },
    },
    structDefault: { max_network_connection: 100_000_000, max_network_connection_rate: 10_000, max_admin_http_uri_rate: 50 },
  },
} as const satisfies Record<string, SectionSpec>;

export type ConfigType = keyof typeof SECTIONS;

export const CONFIG_TYPES = Object.keys(SECTIONS) as ConfigType[];

export type ConfigSections = Record<ConfigType, SectionValue>;

export function isConfigType(name: string): name is ConfigType {
  return Object.hasOwn(SECTIONS, name);
}

/** Every section at its struct default: the configuration of a cluster nobody has changed. */
export function defaultSections(): ConfigSections {
  const sections: Partial<ConfigSections> = {};
  for (const type of CONFIG_TYPES) sections[type] = structuredClone(SECTIONS[type].structDefault) as SectionValue;
  return sections as ConfigSections;
}
