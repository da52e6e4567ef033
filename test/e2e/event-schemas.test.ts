// The record schemas published for downstream teams (docs/events/schemas/<ce_type>.json) held against
// what the service really sends to Kafka, and against the examples in docs/events.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { EventStore } from '#libs/event-store';
import { startTestApp } from '../support/app.js';
import { waitUntilCaughtUp } from '../support/consumers.js';
import { consumeTopic, distinctRecords, expectedCloudEvent, uniqueTopicPrefix } from '../support/kafka-topics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA_DIR = path.join(ROOT, 'docs/events/schemas');
const EVENTS_DOC = path.join(ROOT, 'docs/events.md');
const TENANT_TYPES = ['created', 'updated', 'deleted'].map((action) => `io.robustmq.admin.tenant.${action}.v1`);
const USER_TYPES = ['created', 'deleted'].map((action) => `io.robustmq.admin.user.${action}.v1`);
const ACL_TYPES = ['created', 'deleted'].map((action) => `io.robustmq.admin.acl.${action}.v1`);
const BLACKLIST_TYPES = ['created', 'deleted'].map((action) => `io.robustmq.admin.blacklist.${action}.v1`);
const TOPIC_TYPES = [
  'io.robustmq.admin.topic.created.v1',
  'io.robustmq.admin.topic.deleted.v1',
  'io.robustmq.admin.topic_count.changed.v1',
];
const TOPIC_REWRITE_TYPES = ['created', 'deleted'].map((action) => `io.robustmq.admin.topic_rewrite.${action}.v1`);
const CONNECTOR_TYPES = ['created', 'deleted'].map((action) => `io.robustmq.admin.connector.${action}.v1`);
const SCHEMA_TYPES = ['created', 'deleted', 'bound', 'unbound'].map((action) => `io.robustmq.admin.schema.${action}.v1`);
const CLUSTER_CONFIG_TYPES = ['set', 'rolled.back'].map((action) => `io.robustmq.admin.cluster_config.${action}.v1`);
const ALL_TYPES = [
  ...TENANT_TYPES,
  ...USER_TYPES,
  ...ACL_TYPES,
  ...BLACKLIST_TYPES,
  ...TOPIC_TYPES,
  ...TOPIC_REWRITE_TYPES,
  ...CONNECTOR_TYPES,
  ...SCHEMA_TYPES,
  ...CLUSTER_CONFIG_TYPES,
];

// Strict: a schema with an unknown keyword or a type-less constraint fails to compile.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction>();

/** The compiled schema named by a ce_type, from `docs/events/schemas/<ce_type>.json`; undefined when there is none. */
function schemaFor(ceType: string): ValidateFunction | undefined {
  const file = path.join(SCHEMA_DIR, `${ceType}.json`);
  if (!validators.has(ceType) && /^[a-z0-9._]+$/.test(ceType) && existsSync(file)) {
    validators.set(ceType, ajv.compile(JSON.parse(readFileSync(file, 'utf8'))));
  }
  return validators.get(ceType);
}

interface PublishedRecord {
  key: string;
  headers: Record<string, string>;
  value: unknown;
}

interface Violation {
  key: string;
  ce_type: string;
  value: unknown;
  errors: ErrorObject[] | string;
}

/** Every record whose value does not validate against its ce_type's schema, with ajv's errors (or `no schema`). */
function violations(records: readonly PublishedRecord[]): Violation[] {
  return records.flatMap(({ key, headers, value }): Violation[] => {
    const ceType = headers.ce_type ?? '(no ce_type header)';
    const validate = schemaFor(ceType);
    if (!validate) return [{ key, ce_type: ceType, value, errors: `no schema ${ceType}.json in docs/events/schemas` }];
    return validate(value) ? [] : [{ key, ce_type: ceType, value, errors: validate.errors ?? [] }];
  });
}

const validValues: Record<string, Record<string, unknown>> = {
  'io.robustmq.admin.tenant.created.v1': {
    tenant_name: 'acme',
    desc: '',
    config: {
      max_connections_per_node: 10_000_000,
      max_create_connection_rate_per_second: 10_000,
      max_topics: 5_000_000,
      max_sessions: 50_000_000,
      max_publish_rate: 10_000,
    },
    create_time: 1_738_800_000,
  },
  'io.robustmq.admin.tenant.updated.v1': {
    tenant_name: 'acme',
    desc: 'v2',
    config: {
      max_connections_per_node: Number.MAX_SAFE_INTEGER,
      max_create_connection_rate_per_second: 4_294_967_295,
      max_topics: 0,
      max_sessions: 1,
      max_publish_rate: 20_000,
    },
  },
  'io.robustmq.admin.tenant.deleted.v1': { tenant_name: 'acme' },
  'io.robustmq.admin.user.created.v1': {
    tenant: 'acme',
    username: 'alice',
    password_hash: { algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaA==' },
    is_superuser: false,
    create_time: 1_738_800_000,
  },
  'io.robustmq.admin.user.deleted.v1': { tenant: 'acme', username: 'alice' },
  'io.robustmq.admin.acl.created.v1': {
    tenant: 'acme',
    name: 'sensors-publish',
    desc: '',
    resource_type: 'Ip',
    resource_name: '192.168.1.7',
    topic: 'sensor/+/temperature/#',
    ip: '',
    action: 'Publish',
    permission: 'Deny',
  },
  'io.robustmq.admin.acl.deleted.v1': { tenant: 'acme', name: 'sensors-publish' },
  'io.robustmq.admin.blacklist.created.v1': {
    tenant: 'acme',
    name: 'bl-guests',
    blacklist_type: 'UserMatch',
    resource_name: '^guest-[0-9]+$',
    end_time: 1_735_689_599,
    desc: 'no guests',
  },
  'io.robustmq.admin.blacklist.deleted.v1': { tenant: 'acme', name: 'bl-guests' },
  'io.robustmq.admin.topic.created.v1': {
    topic_id: '5f0c8e2a9b7d4c3e8a1f6b2d0e9c7a45',
    tenant: 'acme',
    topic_name: '$SYS/brokers',
    storage_type: 'EngineSegment',
    source: 'MQTT',
    partition: 3,
    replication: 1,
    config: { max_segment_size: 1_073_741_824, max_record_num: null, retention_sec: 86_400 },
    create_time: 1_738_800_000,
  },
  'io.robustmq.admin.topic.deleted.v1': { topic_id: '5f0c8e2a9b7d4c3e8a1f6b2d0e9c7a45', tenant: 'acme', topic_name: 'a/b' },
  'io.robustmq.admin.topic_count.changed.v1': { tenant: 'acme', topic_count: 0 },
  'io.robustmq.admin.topic_rewrite.created.v1': {
    tenant: 'acme',
    name: 'r1',
    desc: '',
    action: 'Subscribe',
    source_topic: 'x/+/#',
    dest_topic: 'z/$1',
    regex: '^x/(.+)$',
    create_time: 1_738_800_000,
  },
  'io.robustmq.admin.topic_rewrite.deleted.v1': { tenant: 'acme', name: 'r1' },
  'io.robustmq.admin.connector.created.v1': {
    tenant: 'acme',
    connector_name: 'kafka-sink',
    connector_type: 'kafka',
    config: { bootstrap_servers: 'kafka:9092', topic: 'sensor-data', sasl_password: '******' },
    topic_name: 'sensor/temperature',
    failure_strategy: { strategy: 'discard_after_retry', retry_total_times: 3, wait_time_ms: 1000 },
    create_time: 1_739_180_000,
  },
  'io.robustmq.admin.connector.deleted.v1': { tenant: 'acme', connector_name: 'kafka-sink' },
  'io.robustmq.admin.schema.created.v1': {
    tenant: 'acme',
    schema_name: 'sensor-schema',
    schema_type: 'avro',
    schema: '{"type":"record","name":"Reading","fields":[{"name":"t","type":"double"}]}',
    desc: '',
    create_time: 1_739_181_000,
  },
  'io.robustmq.admin.schema.deleted.v1': { tenant: 'acme', schema_name: 'sensor-schema' },
  'io.robustmq.admin.schema.bound.v1': {
    tenant: 'acme',
    schema_name: 'sensor-schema',
    resource_name: 'sensor/#',
    create_time: 1_739_181_060,
  },
  'io.robustmq.admin.schema.unbound.v1': { tenant: 'acme', schema_name: 'sensor-schema', resource_name: 'sensor/#' },
  'io.robustmq.admin.cluster_config.set.v1': {
    config_type: 'MqttSchema',
    before: { enable: true, strategy: 'ALL', failed_operation: 'Discard', echo_log: true, log_level: 'info' },
    after: { enable: true, strategy: 'Any', failed_operation: 'Ignore', echo_log: false, log_level: 'debug' },
  },
  'io.robustmq.admin.cluster_config.rolled.back.v1': {
    config_type: 'ClusterLimit',
    before: { max_network_connection: 100_000_000, max_network_connection_rate: 10_000, max_admin_http_uri_rate: 5 },
    after: { max_network_connection: 100_000_000, max_network_connection_rate: 10_000, max_admin_http_uri_rate: 50 },
    restored_version: 0,
  },
};

/** The field that names the resource in each type's records. */
const IDENTITY_FIELDS: Record<string, string> = {
  tenant: 'tenant_name',
  user: 'username',
  connector: 'connector_name',
  schema: 'schema_name',
  topic: 'topic_name',
  topic_count: 'tenant',
  cluster_config: 'config_type',
};
const identityField = (type: string) => IDENTITY_FIELDS[type.split('.')[3]!] ?? 'name';

const withConfig = (type: string, field: string, value: unknown) => {
  const valid = validValues[type]!;
  return { ...valid, config: { ...(valid.config as object), [field]: value } };
};

describe('event record schemas', () => {
  it('each schema file is a strict JSON Schema 2020-12 document whose $id names the ce_type of its file name', () => {
    const types = readdirSync(SCHEMA_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length));
    expect(types).toEqual(expect.arrayContaining(ALL_TYPES));
    for (const type of types) {
      const schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${type}.json`), 'utf8'));
      expect({ type, $schema: schema.$schema, $id: schema.$id, additionalProperties: schema.additionalProperties }).toEqual({
        type,
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:robustmq-admin:event-schema:${type}`,
        additionalProperties: false,
      });
      expect(schemaFor(type)).toBeDefined();
    }
  });

  it('a well-formed value of each event validates, and the same value without the name of its resource does not', () => {
    for (const type of ALL_TYPES) {
      const validate = schemaFor(type)!;
      const withoutName = { ...validValues[type] };
      delete withoutName[identityField(type)];
      expect({ type, valid: validate(validValues[type]), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
      expect({ type, valid: validate(withoutName) }).toEqual({ type, valid: false });
    }
  });

  it('a well-formed value of each topic, topic count and topic rewrite event validates, and the same value without tenant does not', () => {
    for (const type of [...TOPIC_TYPES, ...TOPIC_REWRITE_TYPES]) {
      const validate = schemaFor(type)!;
      const withoutTenant = { ...validValues[type] };
      delete withoutTenant.tenant;
      expect({ type, valid: validate(validValues[type]), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
      expect({ type, valid: validate(withoutTenant) }).toEqual({ type, valid: false });
    }
  });

  it('topic and rewrite values with unknown fields, unknown enum values, out-of-range numbers or overlong text do not validate', () => {
    const topic = 'io.robustmq.admin.topic.created.v1';
    const count = 'io.robustmq.admin.topic_count.changed.v1';
    const rewrite = 'io.robustmq.admin.topic_rewrite.created.v1';
    const invalid: [string, unknown][] = [
      [topic, { ...validValues[topic], mark_delete: false }],
      [topic, { ...validValues[topic], storage_type: 'memory' }],
      [topic, { ...validValues[topic], source: 'mqtt' }],
      [topic, { ...validValues[topic], partition: 0 }],
      [topic, { ...validValues[topic], replication: 1001 }],
      [topic, { ...validValues[topic], topic_id: 'not-hex' }],
      [topic, { ...validValues[topic], topic_name: '' }],
      [topic, { ...validValues[topic], topic_name: 'a'.repeat(65_536) }],
      [topic, { ...validValues[topic], config: { max_segment_size: -1, max_record_num: null, retention_sec: 1 } }],
      [topic, { ...validValues[topic], config: { max_record_num: null, retention_sec: 1 } }],
      [count, { tenant: 'acme', topic_count: -1 }],
      [count, { tenant: 'acme', topic_count: 1.5 }],
      [rewrite, { ...validValues[rewrite], action: 'all' }],
      [rewrite, { ...validValues[rewrite], regex: '' }],
      [rewrite, { ...validValues[rewrite], name: 'n'.repeat(257) }],
      [rewrite, { ...validValues[rewrite], source_topic: 's'.repeat(257) }],
      ['io.robustmq.admin.topic_rewrite.deleted.v1', { tenant: 'acme', name: 'r1', regex: 'x' }],
    ];
    const accepted = invalid.filter(([type, value]) => schemaFor(type)!(value));
    expect(accepted).toEqual([]);
  });

  it('unknown fields, out-of-range quotas, an empty or overlong name and a fractional create_time do not validate', () => {
    const created = 'io.robustmq.admin.tenant.created.v1';
    const updated = 'io.robustmq.admin.tenant.updated.v1';
    const invalid: [string, unknown][] = [
      [created, { ...validValues[created], password: 'x' }],
      [updated, withConfig(updated, 'max_burst', 1)],
      [updated, withConfig(updated, 'max_publish_rate', 4_294_967_296)],
      [updated, withConfig(updated, 'max_create_connection_rate_per_second', -1)],
      [updated, withConfig(updated, 'max_topics', 9_007_199_254_740_992)],
      [updated, withConfig(updated, 'max_sessions', 1.5)],
      [created, { ...validValues[created], config: { max_topics: 1 } }],
      [created, { ...validValues[created], tenant_name: '' }],
      [created, { ...validValues[created], tenant_name: 'a'.repeat(129) }],
      [created, { ...validValues[created], desc: 'd'.repeat(501) }],
      [created, { ...validValues[created], create_time: 1_738_800_000.5 }],
      ['io.robustmq.admin.tenant.deleted.v1', { tenant_name: 'acme', desc: '' }],
    ];
    const accepted = invalid.filter(([type, value]) => schemaFor(type)!(value));
    expect(accepted).toEqual([]);
  });

  it('a user event with a plain password, a hash of another algorithm or not in base64, or an overlong username does not validate', () => {
    const created = 'io.robustmq.admin.user.created.v1';
    const valid = validValues[created]!;
    const withHash = (field: string, value: unknown) => ({
      ...valid,
      password_hash: { ...(valid.password_hash as object), [field]: value },
    });
    const invalid: [string, unknown][] = [
      [created, { ...valid, password: 'secret' }],
      [created, { ...valid, password_hash: 'secret' }],
      [created, withHash('algorithm', 'plain')],
      [created, withHash('hash', 'not base64!')],
      [created, withHash('password', 'secret')],
      [created, withHash('n', 1.5)],
      [created, { ...valid, username: 'u'.repeat(65) }],
      [created, { ...valid, is_superuser: 'false' }],
      ['io.robustmq.admin.user.deleted.v1', { tenant: 'acme', username: '' }],
    ];
    expect(invalid.filter(([type, value]) => schemaFor(type)!(value))).toEqual([]);
  });

  it('ACL and blacklist values outside their enums, lengths or ranges, or without a tenant, do not validate', () => {
    const acl = 'io.robustmq.admin.acl.created.v1';
    const blacklist = 'io.robustmq.admin.blacklist.created.v1';
    const change = (type: string, field: string, value: unknown) => ({ ...validValues[type], [field]: value });
    const invalid: [string, unknown][] = [
      [acl, change(acl, 'resource_type', 'Host')],
      [acl, change(acl, 'action', 'publish')],
      [acl, change(acl, 'permission', 'Maybe')],
      [acl, change(acl, 'topic', '')],
      [acl, change(acl, 'topic', 't'.repeat(257))],
      [acl, change(acl, 'ip', 'i'.repeat(129))],
      [acl, change(acl, 'tenant', 't'.repeat(65))],
      [acl, change(acl, 'create_time', 1)],
      [blacklist, change(blacklist, 'blacklist_type', 'Regex')],
      [blacklist, change(blacklist, 'end_time', 0)],
      [blacklist, change(blacklist, 'end_time', 1.5)],
      [blacklist, change(blacklist, 'end_time', '2024-12-31 23:59:59')],
      [blacklist, change(blacklist, 'desc', 'd'.repeat(501))],
      ['io.robustmq.admin.acl.deleted.v1', { name: 'sensors-publish' }],
      ['io.robustmq.admin.blacklist.deleted.v1', { tenant: 'acme', name: 'bl-guests', end_time: 1 }],
    ];
    const accepted = invalid.filter(([type, value]) => schemaFor(type)!(value));
    expect(accepted).toEqual([]);
  });

  it('connector and schema values outside their enums, lengths or ranges, or with unknown fields, do not validate', () => {
    const connector = 'io.robustmq.admin.connector.created.v1';
    const schema = 'io.robustmq.admin.schema.created.v1';
    const bound = 'io.robustmq.admin.schema.bound.v1';
    const change = (type: string, field: string, value: unknown) => ({ ...validValues[type], [field]: value });
    const invalid: [string, unknown][] = [
      [connector, change(connector, 'connector_type', 'Kafka')],
      [connector, change(connector, 'config', '{"topic":"t"}')],
      [connector, change(connector, 'failure_strategy', { strategy: 'retry' })],
      [connector, change(connector, 'failure_strategy', { strategy: 'discard', retry_total_times: 0 })],
      [connector, change(connector, 'failure_strategy', { strategy: 'discard', wait_time_ms: 1.5 })],
      [connector, change(connector, 'failure_strategy', { strategy: 'discard', dlq: 'x' })],
      [connector, change(connector, 'topic_name', '')],
      [connector, change(connector, 'status', 'Idle')],
      [schema, change(schema, 'schema_type', 'xml')],
      [schema, change(schema, 'schema', 's'.repeat(8193))],
      [schema, change(schema, 'tenant', 't'.repeat(129))],
      [bound, change(bound, 'resource_name', 'r'.repeat(257))],
      [bound, change(bound, 'create_time', -1)],
      ['io.robustmq.admin.schema.unbound.v1', { tenant: 'acme', schema_name: 'sensor-schema' }],
      ['io.robustmq.admin.schema.deleted.v1', { tenant: 'acme', schema_name: 'sensor-schema', bindings: [] }],
    ];
    const accepted = invalid.filter(([type, value]) => schemaFor(type)!(value));
    expect(accepted).toEqual([]);
  });

  it("configuration values that break their section's rules, or of another section's shape, do not validate", () => {
    const set = 'io.robustmq.admin.cluster_config.set.v1';
    const rolledBack = 'io.robustmq.admin.cluster_config.rolled.back.v1';
    const valid = validValues[set]!;
    const after = (field: string, value: unknown) => ({ ...valid, after: { ...(valid.after as object), [field]: value } });
    const invalid: [string, unknown][] = [
      [set, after('strategy', 'Forward')],
      [set, after('log_level', 'l'.repeat(65))],
      [set, after('verbose', true)],
      [set, { ...valid, config_type: 'mqttschema' }],
      [set, { ...valid, config_type: 'ClusterLimit' }],
      [set, { ...valid, restored_version: 1 }],
      [rolledBack, { ...validValues[rolledBack], restored_version: -1 }],
      [rolledBack, { ...validValues[rolledBack], after: { ...(validValues[rolledBack]!.after as object), max_admin_http_uri_rate: 0 } }],
      [rolledBack, { config_type: 'ClusterLimit', before: validValues[rolledBack]!.before, after: validValues[rolledBack]!.after }],
    ];
    const accepted = invalid.filter(([type, value]) => schemaFor(type)!(value));
    expect(accepted).toEqual([]);
  });

  it('every example record in docs/events.md validates against the schema of its ce_type', () => {
    const examples = [...readFileSync(EVENTS_DOC, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)]
      .map((match) => JSON.parse(match[1]!))
      .filter((block): block is PublishedRecord => typeof block?.headers?.ce_type === 'string');
    expect(examples.map((example) => example.headers.ce_type).sort()).toEqual([...ALL_TYPES].sort());
    expect(violations(examples)).toEqual([]);
  });

  it('every record that creating, partially updating and deleting a tenant publishes validates against the schema its ce_type names', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix });
    try {
      const created = await app.post('/api/cluster/tenant/create', {
        tenant_name: 'schema-check',
        desc: 'v1',
        config: { max_topics: 100 },
      });
      const updated = await app.post('/api/cluster/tenant/update', { tenant_name: 'schema-check', config: { max_publish_rate: 20_000 } });
      const deleted = await app.post('/api/cluster/tenant/delete', { tenant_name: 'schema-check' });
      expect([created.status, updated.status, deleted.status]).toEqual([200, 200, 200]);

      // The default tenant's creation and the three events of `schema-check`; subscribing to a topic
      // that the publisher has not created yet would fail.
      // Every topic exists and holds its records once the publisher caught up.
      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher');
      const records = await consumeTopic(brokers, `${topicPrefix}tenant`, 4, 30_000);
      expect(new Set(records.map((record) => record.headers.ce_type))).toEqual(new Set(TENANT_TYPES));
      expect(violations(records)).toEqual([]);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('creating and deleting a user, an ACL rule and a blacklist entry publish CloudEvents on their own topics, keyed by their streams, that validate against their schemas', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const source = '/robustmq-admin/schema-check';
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, CLOUDEVENTS_SOURCE: source });
    try {
      const headers = { 'x-request-id': 'req-acl-blacklist' };
      const acl = { ...validValues['io.robustmq.admin.acl.created.v1'], tenant: 'default' };
      const entry = { ...validValues['io.robustmq.admin.blacklist.created.v1'], tenant: 'default' };
      const statuses = [
        await app.post('/api/cluster/user/create', { username: 'schema-check', password: 'pw', is_superuser: true }, headers),
        await app.post('/api/mqtt/user/delete', { username: 'schema-check' }, headers),
        await app.post('/api/cluster/acl/create', acl, headers),
        await app.post('/api/mqtt/acl/delete', { tenant: 'default', name: 'sensors-publish' }, headers),
        await app.post('/api/cluster/blacklist/create', entry, headers),
        await app.post('/api/mqtt/blacklist/delete', { tenant: 'default', name: 'bl-guests' }, headers),
      ].map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher');
      const store = new EventStore(app.database.pool);
      for (const [streamType, name] of [
        ['user', 'schema-check'],
        ['acl', 'sensors-publish'],
        ['blacklist', 'bl-guests'],
      ] as const) {
        const streamId = `${streamType}-default/${name}`;
        // The user topic also holds the bootstrap superuser's creation; a resent batch is read once.
        const records = (await distinctRecords(brokers, `${topicPrefix}${streamType}`, 30_000)).filter((record) => record.key === streamId);
        const stored = await store.readStream(streamId);
        expect(records).toEqual([
          expectedCloudEvent(stored[0]!, 'created', { source, correlationId: 'req-acl-blacklist' }),
          expectedCloudEvent(stored[1]!, 'deleted', { source, correlationId: 'req-acl-blacklist' }),
        ]);
        expect(violations(records)).toEqual([]);
      }
    } finally {
      await app.close();
    }
  }, 90_000);

  it('every record that creating and deleting topics and topic rewrite rules publishes validates against the schema its ce_type names', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix });
    try {
      const longName = `${'é'.repeat(200)}/long`;
      const statuses = [
        await app.post('/api/cluster/topic/create', { tenant: 'default', topic_name: 'sensor/1', partition: 2 }),
        await app.post('/api/cluster/topic/create', { tenant: 'default', topic_name: longName, storage_type: 'S3', source: 'Kafka' }),
        await app.post('/api/cluster/topic/delete', { tenant: 'default', topic_name: 'sensor/1' }),
        await app.post('/api/cluster/topic-rewrite/create', rewriteRule),
        await app.post('/api/cluster/topic-rewrite/delete', { tenant: 'default', name: rewriteRule.name }),
      ].map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher');
      const records = [
        ...(await consumeTopic(brokers, `${topicPrefix}topic`, 3, 30_000)),
        ...(await consumeTopic(brokers, `${topicPrefix}topic_count`, 3, 30_000)),
        ...(await consumeTopic(brokers, `${topicPrefix}topic_rewrite`, 2, 30_000)),
      ];
      expect(new Set(records.map((record) => record.headers.ce_type))).toEqual(new Set([...TOPIC_TYPES, ...TOPIC_REWRITE_TYPES]));
      expect(violations(records)).toEqual([]);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('each configuration change (set and rollback) arrives on the cluster_config topic with before and after, the actor in its headers, and validates', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const env = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, ADMIN_TOKENS: 'ops:ops-token-0123456789abcdef' };
    // From a cluster nobody changed, so the topic holds this test's changes only.
    const app = await startTestApp(env, undefined, { keepDefaultRateLimit: true });
    try {
      const headers = { authorization: 'Bearer ops-token-0123456789abcdef', 'x-request-id': 'req-config' };
      const statuses = [
        await app.post('/api/cluster/config/set', { config_type: 'MqttSchema', config: '{"strategy":"Any","log_level":"debug"}' }, headers),
        await app.post('/api/cluster/config/set', { config_type: 'ClusterLimit', config: { max_admin_http_uri_rate: 500 } }, headers),
        await app.post('/api/cluster/config/rollback', { version: 0 }, headers),
      ].map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200]);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher');
      const records = await consumeTopic(brokers, `${topicPrefix}cluster_config`, 4, 30_000);
      const stored = await new EventStore(app.database.pool).readStream('cluster_config-cluster');
      const actions = ['set', 'set', 'rolled.back', 'rolled.back'];
      expect(records).toEqual(
        stored.map((event, index) => {
          const expected = expectedCloudEvent(event, actions[index]!, { source: '/robustmq-admin', correlationId: 'req-config' });
          return { ...expected, headers: { ...expected.headers, ce_actor: 'ops' } };
        }),
      );
      expect(records.map((record) => record.value)).toEqual([
        expect.objectContaining({
          config_type: 'MqttSchema',
          before: expect.objectContaining({ strategy: 'ALL' }),
          after: expect.objectContaining({ strategy: 'Any' }),
        }),
        expect.objectContaining({
          config_type: 'ClusterLimit',
          before: expect.objectContaining({ max_admin_http_uri_rate: 50 }),
          after: expect.objectContaining({ max_admin_http_uri_rate: 500 }),
        }),
        expect.objectContaining({ config_type: 'MqttSchema', after: expect.objectContaining({ strategy: 'ALL' }), restored_version: 0 }),
        expect.objectContaining({
          config_type: 'ClusterLimit',
          after: expect.objectContaining({ max_admin_http_uri_rate: 50 }),
          restored_version: 0,
        }),
      ]);
      // No secret travels: neither the default password nor a redacted field.
      expect(JSON.stringify(records)).not.toMatch(/robustmq"|\*\*\*\*\*\*/);
      expect(violations(records)).toEqual([]);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('a connector’s and a schema’s lives publish CloudEvents on their own topics, keyed by their streams, valid against their schemas, with connector secrets redacted', async () => {
    const brokers = process.env.KAFKA_BROKERS!;
    const topicPrefix = uniqueTopicPrefix();
    const source = '/robustmq-admin/schema-check';
    const app = await startTestApp({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, CLOUDEVENTS_SOURCE: source });
    try {
      const headers = { 'x-request-id': 'req-connector-schema' };
      const config = { bootstrap_servers: 'kafka:9092', topic: 'sensor-data', sasl_password: 'hunter2' };
      const connector = { tenant: 'default', connector_name: 'kafka-sink', connector_type: 'kafka', topic_name: 'sensor/t' };
      const binding = { schema_name: 'sensor-schema', resource_name: 'sensor/#' };
      const schema = { ...validValues['io.robustmq.admin.schema.created.v1'], tenant: 'default' };
      const statuses = [
        await app.post(
          '/api/cluster/connector/create',
          { ...connector, config: JSON.stringify(config), failure_strategy: { strategy: 'discard' } },
          headers,
        ),
        await app.post('/api/mqtt/connector/delete', { tenant: 'default', connector_name: 'kafka-sink' }, headers),
        await app.post('/api/cluster/schema/create', schema, headers),
        await app.post('/api/mqtt/schema-bind/create', binding, headers),
        await app.post('/api/cluster/schema-bind/delete', binding, headers),
        await app.post('/api/mqtt/schema/delete', { tenant: 'default', schema_name: 'sensor-schema' }, headers),
      ].map((response) => response.status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

      await waitUntilCaughtUp(app.database.pool, 'kafka-publisher');
      const store = new EventStore(app.database.pool);
      const context = { source, correlationId: 'req-connector-schema' };

      const connectorRecords = await distinctRecords(brokers, `${topicPrefix}connector`, 30_000);
      const [created, deleted] = await store.readStream('connector-default/kafka-sink');
      expect(connectorRecords).toEqual([
        {
          ...expectedCloudEvent(created!, 'created', context),
          value: { ...(created!.data as object), config: { ...config, sasl_password: '******' } },
        },
        expectedCloudEvent(deleted!, 'deleted', context),
      ]);
      expect(JSON.stringify(connectorRecords)).not.toContain('hunter2');

      const schemaRecords = await distinctRecords(brokers, `${topicPrefix}schema`, 30_000);
      const stored = await store.readStream('schema-default/sensor-schema');
      expect(schemaRecords).toEqual(
        ['created', 'bound', 'unbound', 'deleted'].map((action, index) => expectedCloudEvent(stored[index]!, action, context)),
      );
      expect(violations([...connectorRecords, ...schemaRecords])).toEqual([]);
    } finally {
      await app.close();
    }
  }, 90_000);
});

const rewriteRule = {
  tenant: 'default',
  name: 'schema-check',
  desc: 'x to z',
  action: 'Publish',
  source_topic: 'x/#',
  dest_topic: 'z/$1',
  regex: '^x/(.+)$',
};
