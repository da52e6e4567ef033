import { HEARTBEAT } from '#libs/cluster';
import type { Settings } from '#libs/config';
import { CONFIG_TYPES, type ConfigSections, SECTIONS } from '#libs/domain/cluster-config';
import { redactSecrets } from '#libs/domain/shared';

/**
 * The static sections of RobustMQ's BrokerConfig, as the API document shows them, with the real
 * server's defaults (research §3.1) where this service has no setting of its own. They do not change
 * while the process runs; secrets are redacted here, once.
 */
export function staticBrokerConfig(settings: Settings): Record<string, unknown> {
  const network = { accept_thread_num: 1, handler_thread_num: 64, queue_size: 5000 };
  return {
    cluster_name: 'robust_mq_cluster_default',
    broker_id: 1,
    broker_ip: settings.host,
    roles: ['broker', 'meta'],
    grpc_port: 1228,
    http_port: settings.port,
    meta_addrs: { '1': '127.0.0.1:1228' },
    prometheus: { enable: true, port: 9091, monitor_interval_ms: 10_000 },
    log: { log_path: './logs', log_config: './config/logger.toml' },
    runtime: {
      runtime_worker_threads: 1,
      server_worker_threads: 0,
      meta_worker_threads: 0,
      broker_worker_threads: 0,
      channels_per_address: 4,
      tls_cert: './config/certs/cert.pem',
      tls_key: './config/certs/key.pem',
    },
    network,
    broker_network: network,
    pprof: { enable: false, port: 9090, frequency: 100 },
    rocksdb: { data_path: './data', max_open_files: 10_000 },
    // Not settable through config/set; a configured client's token would read "******" (redactSecrets).
    llm_client: null,
    // The node registry's heartbeats (libs/cluster) follow these two.
    meta_runtime: {
      heartbeat_timeout_ms: HEARTBEAT.timeoutMs,
      heartbeat_check_time_ms: HEARTBEAT.checkIntervalMs,
      raft_write_timeout_sec: 30,
      offset_raft_group_num: 1,
      data_raft_group_num: 1,
    },
    storage_runtime: { tcp_port: 1778, max_segment_size: 1_073_741_824, io_thread_num: 8, data_path: [], offset_enable_cache: true },
    mqtt_server: { tcp_port: 1883, tls_port: 1885, websocket_port: 8083, websockets_port: 8085, quic_port: 9083 },
    mqtt_keep_alive: { enable: true, default_time: 180, max_time: 3600, default_timeout: 2 },
    mqtt_runtime: {
      default_user: 'admin',
      default_password: 'robustmq',
      durable_sessions_enable: false,
      secret_free_login: false,
      is_self_protection_status: false,
    },
  };
}

/**
 * The whole BrokerConfig: the static sections, then each dynamic section under its key. Secrets
 * (`mqtt_runtime.default_password`, `llm_client.token`: API-CONTRACT §4) read "******", by the
 * redaction list the Kafka publisher applies to every event.
 */
export function brokerConfig(staticPart: Record<string, unknown>, sections: ConfigSections): Record<string, unknown> {
  const config: Record<string, unknown> = { ...staticPart };
  for (const configType of CONFIG_TYPES) config[SECTIONS[configType].key] = sections[configType];
  return redactSecrets(config) as Record<string, unknown>;
}
