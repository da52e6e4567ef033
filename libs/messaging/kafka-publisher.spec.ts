import type { RecordedEvent } from '#libs/event-store';
import type { EventSink, OutboundRecord } from './event-sink.js';
import { isRecordRefusedByKafka, KafkaPublisher } from './kafka-publisher.js';

/** Keeps what it was sent, or refuses everything while `down`. */
class InMemoryEventSink implements EventSink {
  readonly sent: OutboundRecord[][] = [];
  down = false;

  async send(records: readonly OutboundRecord[]): Promise<void> {
    if (this.down) throw new Error('broker unavailable');
    this.sent.push([...records]);
  }

  async checkConnection(): Promise<void> {
    if (this.down) throw new Error('broker unavailable');
  }

  async close(): Promise<void> {}
}

const settings = { kafkaTopicPrefix: 'robustmq.admin.', cloudEventsSource: '/robustmq-admin' };

function tenantEvent(position: number, eventType: string): RecordedEvent {
  return {
    position: BigInt(position),
    transactionId: BigInt(100 + position),
    streamId: 'tenant-acme',
    streamType: 'tenant',
    streamVersion: position,
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    eventType,
    schemaVersion: 1,
    data: { tenant_name: 'acme' },
    metadata: {},
    recordedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

describe('KafkaPublisher', () => {
  it('is an at-least-once log consumer named kafka-publisher', () => {
    const publisher = new KafkaPublisher(new InMemoryEventSink(), settings);

    expect(publisher.name).toBe('kafka-publisher');
    expect(publisher.delivery).toBe('at-least-once');
  });

  it('a batch of events is sent as one batch of CloudEvents records, in log order', async () => {
    const sink = new InMemoryEventSink();
    const events = [tenantEvent(1, 'TenantCreated'), tenantEvent(2, 'TenantUpdated'), tenantEvent(3, 'TenantDeleted')];

    await new KafkaPublisher(sink, settings).handle(events);

    expect(sink.sent).toHaveLength(1);
    expect(sink.sent[0]!.map((record) => [record.topic, record.key, record.headers.ce_id, record.headers.ce_type])).toEqual([
      ['robustmq.admin.tenant', 'tenant-acme', events[0]!.eventId, 'io.robustmq.admin.tenant.created.v1'],
      ['robustmq.admin.tenant', 'tenant-acme', events[1]!.eventId, 'io.robustmq.admin.tenant.updated.v1'],
      ['robustmq.admin.tenant', 'tenant-acme', events[2]!.eventId, 'io.robustmq.admin.tenant.deleted.v1'],
    ]);
  });

  it('a failed send makes handle fail, and nothing counts as sent', async () => {
    const sink = new InMemoryEventSink();
    sink.down = true;

    await expect(new KafkaPublisher(sink, settings).handle([tenantEvent(1, 'TenantCreated')])).rejects.toThrow('broker unavailable');
    expect(sink.sent).toHaveLength(0);
  });
});

describe('which Kafka failures are blamed on a record', () => {
  /** Shaped as kafkajs shapes them: the broker's answer, wrapped by its retrier as `cause`. */
  function protocolError(type: string): Error {
    return Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable: false });
  }
  function nonRetriable(cause: Error): Error {
    return Object.assign(new Error(cause.message, { cause }), { name: 'KafkaJSNonRetriableError' });
  }
  const publisher = new KafkaPublisher(new InMemoryEventSink(), settings);

  it('a record the broker refuses as too large is not transient, so the runner parks its event', () => {
    const error = nonRetriable(protocolError('MESSAGE_TOO_LARGE'));

    expect(isRecordRefusedByKafka(error)).toBe(true);
    expect(publisher.isTransientFailure(error)).toBe(false);
  });

  it('a broker that cannot be reached, or any other answer, is transient: retried for ever, never parked', () => {
    const unreachable = Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const retriesExceeded = Object.assign(new Error('retries exceeded', { cause: unreachable }), {
      name: 'KafkaJSNumberOfRetriesExceeded',
    });

    expect(publisher.isTransientFailure(retriesExceeded)).toBe(true);
    expect(publisher.isTransientFailure(nonRetriable(protocolError('TOPIC_AUTHORIZATION_FAILED')))).toBe(true);
    expect(publisher.isTransientFailure('not even an error')).toBe(true);
  });
});
