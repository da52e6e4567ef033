import type { RecordedEvent } from '#libs/event-store';
import { REDACTED } from '#libs/domain/shared';
import { cloudEventType, toCloudEventRecord, type CloudEventsMapping } from './cloud-events.js';

const mapping: CloudEventsMapping = { topicPrefix: 'robustmq.admin.', source: '/robustmq-admin' };

function recordedEvent(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    position: 42n,
    transactionId: 7n,
    streamId: 'tenant-acme',
    streamType: 'tenant',
    streamVersion: 3,
    eventId: '0b6c6f1e-4a53-4a8e-9f59-1f0f3b1d9c11',
    eventType: 'TenantCreated',
    schemaVersion: 1,
    data: { tenant_name: 'acme', desc: 'ACME' },
    metadata: {},
    recordedAt: new Date('2026-01-02T03:04:05.678Z'),
    ...overrides,
  };
}

describe('CloudEvents mapping', () => {
  it('an event becomes a binary-mode CloudEvent keyed by its stream on its stream type topic', () => {
    const record = toCloudEventRecord(recordedEvent(), mapping);

    expect(record.topic).toBe('robustmq.admin.tenant');
    expect(record.key).toBe('tenant-acme');
    expect(JSON.parse(record.value.toString())).toEqual({ tenant_name: 'acme', desc: 'ACME' });
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: '0b6c6f1e-4a53-4a8e-9f59-1f0f3b1d9c11',
      ce_type: 'io.robustmq.admin.tenant.created.v1',
      ce_source: '/robustmq-admin',
      ce_subject: 'tenant-acme',
      ce_time: '2026-01-02T03:04:05.678Z',
      'content-type': 'application/json',
      robustmq_position: '42',
      robustmq_stream_version: '3',
    });
  });

  it('the correlation id and actor of the metadata travel as extension attributes', () => {
    const metadata = { correlation_id: 'req-1', actor: 'ops-token', source_ip: '10.0.0.1' };
    const { headers } = toCloudEventRecord(recordedEvent({ metadata }), mapping);

    expect(headers).toMatchObject({ ce_correlationid: 'req-1', ce_actor: 'ops-token' });
    expect(Object.values(headers)).not.toContain('10.0.0.1');
    for (const name of Object.keys(headers).filter((header) => header.startsWith('ce_'))) {
      expect(name.slice(3)).toMatch(/^[a-z0-9]+$/);
    }
  });

  it.each([
    ['tenant', 'TenantCreated', 1, 'io.robustmq.admin.tenant.created.v1'],
    ['tenant', 'TenantConfigChanged', 1, 'io.robustmq.admin.tenant.config.changed.v1'],
    ['cluster-config', 'ClusterConfigChanged', 2, 'io.robustmq.admin.cluster-config.changed.v2'],
    ['topic-rewrite', 'TopicRewriteRuleCreated', 1, 'io.robustmq.admin.topic-rewrite.rule.created.v1'],
    ['acl', 'ACLRuleAdded', 1, 'io.robustmq.admin.acl.rule.added.v1'],
    ['user', 'PasswordReset', 1, 'io.robustmq.admin.user.password.reset.v1'],
    ['user', 'UsernameChanged', 1, 'io.robustmq.admin.user.username.changed.v1'],
  ])('stream type %s with event %s v%i has the CloudEvents type %s', (streamType, eventType, schemaVersion, expected) => {
    expect(cloudEventType(streamType, eventType, schemaVersion)).toBe(expected);
  });

  it("a UserCreated record carries the password's hash with its salt and parameters whole, so brokers can check passwords", () => {
    const password_hash = { algorithm: 'scrypt', n: 32_768, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' };
    const data = { tenant: 'acme', username: 'alice', password_hash, is_superuser: false, create_time: 1 };
    const record = toCloudEventRecord(recordedEvent({ data }), mapping);

    expect(JSON.parse(record.value.toString())).toEqual(data);
  });

  it('a record never carries a secret of the event data in plain text', () => {
    const record = toCloudEventRecord(recordedEvent({ data: { tenant_name: 'acme', api_key: 'k-123' } }), mapping);

    expect(record.value.toString()).not.toContain('k-123');
    expect(JSON.parse(record.value.toString())).toEqual({ tenant_name: 'acme', api_key: REDACTED });
  });
});
