import { deciderSpecification } from '../shared/decider-specification.js';
import { InvalidInputError } from '../shared/index.js';
import { RollbackClusterConfig, SetClusterConfig } from './cluster-config.commands.js';
import type { ClusterConfigEvent } from './cluster-config.events.js';
import { clusterConfigDecider } from './cluster-config.js';
import { CONFIG_TYPES, type ConfigType, defaultSections, SECTIONS, type SectionValue } from './config-sections.js';

const given = deciderSpecification(clusterConfigDecider);
const DEFAULTS = defaultSections();

const set = (config_type: ConfigType, before: SectionValue, after: SectionValue): ClusterConfigEvent => ({
  type: 'ClusterConfigSet',
  data: { config_type, before, after },
});

/** The problems a set is refused with, or [] when it is accepted. */
function problemsOf(configType: string, config: unknown): string[] {
  try {
    clusterConfigDecider.decide(clusterConfigDecider.initialState(), new SetClusterConfig(configType, config));
    return [];
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
}

describe('cluster configuration: defaults', () => {
  it("a fresh cluster's sections are the real server's struct defaults", () => {
    expect(clusterConfigDecider.initialState().sections).toEqual({
      MqttSlowSubscribeConfig: { enable: false, record_time: 1000, delay_type: 'Whole' },
      MqttFlappingDetect: { enable: false, window_time: 1, max_client_connections: 15, ban_time: 5 },
      MqttProtocol: {
        max_session_expiry_interval: 1800,
        default_session_expiry_interval: 30,
        topic_alias_max: 65535,
        max_packet_size: 10485760,
        receive_max: 65535,
        max_message_expiry_interval: 3600,
        client_pkid_persistent: false,
      },
      MqttOfflineMessage: { enable: true, expire_ms: 0, max_messages_num: 0 },
      MqttSystemMonitor: { enable: false, os_cpu_high_watermark: 70, os_memory_high_watermark: 80, system_topic_interval_ms: 60000 },
      MqttSchema: { enable: true, strategy: 'ALL', failed_operation: 'Discard', echo_log: true, log_level: 'info' },
      MqttLimit: {
        cluster: {
          max_connections_per_node: 10000000,
          max_connection_rate: 100000,
          max_topics: 5000000,
          max_sessions: 50000000,
          max_publish_rate: 10000,
        },
        tenant: {
          max_connections_per_node: 1000000,
          max_connection_rate: 10000,
          max_topics: 500000,
          max_sessions: 5000000,
          max_publish_rate: 10000,
        },
      },
      ClusterLimit: { max_network_connection: 100000000, max_network_connection_rate: 10000, max_admin_http_uri_rate: 50 },
    });
  });

  it('each section set to {} takes its field defaults, which are its struct defaults except in MqttOfflineMessage', () => {
    const emptied = Object.fromEntries(
      CONFIG_TYPES.map((type) => [
        type,
        clusterConfigDecider.decide(clusterConfigDecider.initialState(), new SetClusterConfig(type, '{}')),
      ]),
    );
    const changed = Object.entries(emptied).filter(([, events]) => events.length > 0);
    expect(changed.map(([type, events]) => [type, events[0]!.data.after])).toEqual([
      ['MqttOfflineMessage', { enable: true, expire_ms: 3600000, max_messages_num: 100000 }],
    ]);
  });

  it('an omitted LimitQuota takes its section default, an omitted field inside one the LimitQuota field default (the real quirk)', () =>
    given([])
      .when(new SetClusterConfig('MqttLimit', { cluster: { max_topics: 7 } }))
      .then([
        set('MqttLimit', DEFAULTS.MqttLimit, {
          cluster: {
            max_connections_per_node: 1000000,
            max_connection_rate: 10000,
            max_topics: 7,
            max_sessions: 5000000,
            max_publish_rate: 10000,
          },
          tenant: DEFAULTS.MqttLimit.tenant,
        }),
      ]));
});

describe('cluster configuration: replacement', () => {
  const examples: Record<ConfigType, SectionValue> = {
    MqttSlowSubscribeConfig: { enable: true, record_time: 500, delay_type: 'Response' },
    MqttFlappingDetect: { enable: true, window_time: 2, max_client_connections: 20, ban_time: 10 },
    MqttProtocol: {
      max_session_expiry_interval: 2592000,
      default_session_expiry_interval: 3600,
      topic_alias_max: 0,
      max_packet_size: 4294967295,
      receive_max: 65535,
      max_message_expiry_interval: Number.MAX_SAFE_INTEGER,
      client_pkid_persistent: true,
    },
    MqttOfflineMessage: { enable: false, expire_ms: 86400000, max_messages_num: 1000 },
    MqttSystemMonitor: { enable: true, os_cpu_high_watermark: 0, os_memory_high_watermark: 99.5, system_topic_interval_ms: 1000 },
    MqttSchema: { enable: false, strategy: 'Any', failed_operation: 'DisconnectAndDiscard', echo_log: false, log_level: 'debug' },
    MqttLimit: {
      cluster: { max_connections_per_node: 1, max_connection_rate: 2, max_topics: 3, max_sessions: 4, max_publish_rate: 5 },
      tenant: { max_connections_per_node: 6, max_connection_rate: 7, max_topics: 8, max_sessions: 9, max_publish_rate: 10 },
    },
    ClusterLimit: { max_network_connection: 0, max_network_connection_rate: 4294967295, max_admin_http_uri_rate: 1 },
  };

  it.each(CONFIG_TYPES)('%s: a set given as a JSON string records the section before and after', (type) =>
    given([])
      .when(new SetClusterConfig(type, JSON.stringify(examples[type])))
      .then([set(type, DEFAULTS[type], examples[type])]),
  );

  it.each(CONFIG_TYPES)('%s: a set given as an object, after an earlier one, records the earlier values as before', (type) =>
    given([set(type, DEFAULTS[type], examples[type])])
      .when(new SetClusterConfig(type, SECTIONS[type].structDefault))
      .then([set(type, examples[type], DEFAULTS[type])]),
  );

  it('a set replaces the whole section: fields it omits take their defaults, not their current values', () =>
    given([set('MqttFlappingDetect', DEFAULTS.MqttFlappingDetect, examples.MqttFlappingDetect)])
      .when(new SetClusterConfig('MqttFlappingDetect', { ban_time: 30 }))
      .then([
        set('MqttFlappingDetect', examples.MqttFlappingDetect, { enable: false, window_time: 1, max_client_connections: 15, ban_time: 30 }),
      ]));

  it('null counts as an omitted field', () =>
    given([])
      .when(new SetClusterConfig('MqttSlowSubscribeConfig', { enable: true, record_time: null }))
      .then([set('MqttSlowSubscribeConfig', DEFAULTS.MqttSlowSubscribeConfig, { enable: true, record_time: 1000, delay_type: 'Whole' })]));

  it('a set that changes nothing records nothing, whatever the order of its fields', () =>
    given([set('ClusterLimit', DEFAULTS.ClusterLimit, examples.ClusterLimit)])
      .when(
        new SetClusterConfig(
          'ClusterLimit',
          '{"max_admin_http_uri_rate":1,"max_network_connection_rate":4294967295,"max_network_connection":0}',
        ),
      )
      .then([]));

  it('a set of the defaults on a fresh cluster records nothing', () => given([]).when(new SetClusterConfig('MqttProtocol', {})).then([]));
});

describe('cluster configuration: validation', () => {
  const widths: [ConfigType, string, number][] = [
    ['MqttProtocol', 'topic_alias_max', 65535],
    ['MqttProtocol', 'max_packet_size', 4294967295],
    ['MqttProtocol', 'max_message_expiry_interval', Number.MAX_SAFE_INTEGER],
    ['MqttFlappingDetect', 'window_time', 4294967295],
    ['MqttSlowSubscribeConfig', 'record_time', Number.MAX_SAFE_INTEGER],
  ];

  it.each(widths)('%s.%s: the largest value of its width is accepted, one more is refused', (type, field, max) => {
    expect(problemsOf(type, { [field]: max })).toEqual([]);
    const width = max === 65535 ? 'u16' : max === 4294967295 ? 'u32' : 'u64';
    expect(problemsOf(type, { [field]: max + 1 })).toEqual([`config.${field}: must be an integer 0-${max} (${width})`]);
  });

  it('negative numbers, fractions, numbers in strings and booleans are not integers', () => {
    expect(
      problemsOf('MqttProtocol', { receive_max: -1, max_packet_size: 1.5, topic_alias_max: '10', max_session_expiry_interval: true }),
    ).toEqual([
      'config.max_session_expiry_interval: must be an integer 0-4294967295 (u32)',
      'config.topic_alias_max: must be an integer 0-65535 (u16)',
      'config.max_packet_size: must be an integer 0-4294967295 (u32)',
      'config.receive_max: must be an integer 0-65535 (u16)',
    ]);
  });

  it('booleans must be true or false, not strings or numbers', () => {
    expect(problemsOf('MqttOfflineMessage', { enable: 'true' })).toEqual(['config.enable: must be true or false']);
    expect(problemsOf('MqttSchema', { echo_log: 1 })).toEqual(['config.echo_log: must be true or false']);
  });

  it('enum values are exact, in their case: delay_type, strategy and failed_operation', () => {
    expect(problemsOf('MqttSlowSubscribeConfig', { delay_type: 'CreateTime' })).toEqual([
      'config.delay_type: must be one of Whole, Internal, Response',
    ]);
    expect(problemsOf('MqttSchema', { strategy: 'all', failed_operation: 'Disconnect' })).toEqual([
      'config.strategy: must be one of ALL, Any',
      'config.failed_operation: must be one of Discard, DisconnectAndDiscard, Ignore',
    ]);
  });

  it('watermarks are percentages: 0 and 100 accepted, below, above and non-numbers refused', () => {
    expect(problemsOf('MqttSystemMonitor', { os_cpu_high_watermark: 0, os_memory_high_watermark: 100 })).toEqual([]);
    expect(problemsOf('MqttSystemMonitor', { os_cpu_high_watermark: -0.1, os_memory_high_watermark: 100.5 })).toEqual([
      'config.os_cpu_high_watermark: must be a percentage, a number 0-100',
      'config.os_memory_high_watermark: must be a percentage, a number 0-100',
    ]);
    expect(problemsOf('MqttSystemMonitor', { os_cpu_high_watermark: '70' })).toEqual([
      'config.os_cpu_high_watermark: must be a percentage, a number 0-100',
    ]);
  });

  it('log_level is a string of at most 64 characters, without NUL', () => {
    expect(problemsOf('MqttSchema', { log_level: 'x'.repeat(64) })).toEqual([]);
    const rule = 'config.log_level: must be a string of at most 64 characters, without NUL or unpaired surrogates';
    expect(problemsOf('MqttSchema', { log_level: 'x'.repeat(65) })).toEqual([rule]);
    expect(problemsOf('MqttSchema', { log_level: 'in\u0000fo' })).toEqual([rule]);
    expect(problemsOf('MqttSchema', { log_level: 3 })).toEqual([rule]);
  });

  it('max_admin_http_uri_rate must be at least 1: 0 would refuse every request, config/set included', () => {
    expect(problemsOf('ClusterLimit', { max_admin_http_uri_rate: 0 })).toEqual([
      'config.max_admin_http_uri_rate: must be an integer 1-4294967295 (u32); 0 would refuse every request, this one included',
    ]);
  });

  it('unknown fields are named, at any depth, beside the other problems', () => {
    expect(problemsOf('MqttFlappingDetect', { enabled: true, window_time: -1, ban: 5 })).toEqual([
      'config.enabled: is not a field of MqttFlappingDetect',
      'config.ban: is not a field of MqttFlappingDetect',
      'config.window_time: must be an integer 0-4294967295 (u32)',
    ]);
    expect(problemsOf('MqttLimit', { cluster: { max_topic: 1 }, tenant: [] })).toEqual([
      'config.cluster.max_topic: is not a field of LimitQuota',
      'config.tenant: must be a JSON object',
    ]);
  });

  it('an unknown config_type (also in another case) is named, with the problems of the config', () => {
    expect(problemsOf('mqttprotocol', '{}')).toEqual([
      'config_type: unknown config type "mqttprotocol"; must be one of MqttSlowSubscribeConfig, MqttFlappingDetect, MqttProtocol, MqttOfflineMessage, MqttSystemMonitor, MqttSchema, MqttLimit, ClusterLimit',
    ]);
    expect(problemsOf('Broker', '{not json')).toEqual([
      expect.stringMatching(/^config_type: unknown config type "Broker"/),
      'config: is not valid JSON',
    ]);
  });

  it('config must hold a JSON object: not invalid JSON, an array, a number or null', () => {
    expect(problemsOf('MqttProtocol', '{"receive_max":')).toEqual(['config: is not valid JSON']);
    expect(problemsOf('MqttProtocol', '[]')).toEqual(['config: must be a JSON object']);
    expect(problemsOf('MqttProtocol', '42')).toEqual(['config: must be a JSON object']);
    expect(problemsOf('MqttProtocol', 'null')).toEqual(['config: must be a JSON object']);
    expect(problemsOf('MqttProtocol', undefined)).toEqual(['config: is required']);
  });

  it('a refused set records nothing: the error is thrown before any event', () =>
    given([])
      .when(new SetClusterConfig('MqttProtocol', { receive_max: 10, topic_alias_max: -1 }))
      .thenThrows(InvalidInputError, 'config.topic_alias_max: must be an integer 0-65535 (u16)'));
});

describe('cluster configuration: rollback', () => {
  const monitorOn = { ...DEFAULTS.MqttSystemMonitor, enable: true };
  const limitLow = { ...DEFAULTS.ClusterLimit, max_admin_http_uri_rate: 5 };

  it('restores each given section that differs from now, naming the version it restored', () =>
    given([set('MqttSystemMonitor', DEFAULTS.MqttSystemMonitor, monitorOn), set('ClusterLimit', DEFAULTS.ClusterLimit, limitLow)])
      .when(new RollbackClusterConfig(1, { ...defaultSections(), MqttSystemMonitor: monitorOn }))
      .then([
        {
          type: 'ClusterConfigRolledBack',
          data: { config_type: 'ClusterLimit', before: limitLow, after: DEFAULTS.ClusterLimit, restored_version: 1 },
        },
      ]));

  it('a rollback to the configuration in force records nothing', () =>
    given([set('ClusterLimit', DEFAULTS.ClusterLimit, limitLow)])
      .when(new RollbackClusterConfig(1, { ClusterLimit: limitLow }))
      .then([]));

  it('a rolled-back section is what the next set compares with', () =>
    given([
      set('ClusterLimit', DEFAULTS.ClusterLimit, limitLow),
      {
        type: 'ClusterConfigRolledBack',
        data: { config_type: 'ClusterLimit', before: limitLow, after: DEFAULTS.ClusterLimit, restored_version: 0 },
      },
    ])
      .when(new SetClusterConfig('ClusterLimit', {}))
      .then([]));
});
