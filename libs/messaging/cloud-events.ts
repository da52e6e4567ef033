import { redactSecrets } from '#libs/domain/shared';
import type { RecordedEvent } from '#libs/event-store';
import type { OutboundRecord } from './event-sink.js';

export interface CloudEventsMapping {
  /** Prepended to the stream type to name the topic, e.g. `robustmq.admin.` → `robustmq.admin.tenant`. */
  topicPrefix: string;
  /** The CloudEvents `source` attribute of every event. */
  source: string;
}

export const CLOUD_EVENT_TYPE_PREFIX = 'io.robustmq.admin';

/**
 * Maps an event of the log to a Kafka record in the CloudEvents 1.0 Kafka binding, binary content
 * mode: the value is the event data as JSON and the event's attributes travel as `ce_*` headers.
 * Extension attribute names must be lower-case alphanumerics, hence `ce_correlationid`.
 */
export function toCloudEventRecord(event: RecordedEvent, mapping: CloudEventsMapping): OutboundRecord {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: event.eventId,
    ce_type: cloudEventType(event.streamType, event.eventType, event.schemaVersion),
    ce_source: mapping.source,
    ce_subject: event.streamId,
    ce_time: event.recordedAt.toISOString(),
    'content-type': 'application/json',
    robustmq_position: event.position.toString(),
    robustmq_stream_version: String(event.streamVersion),
  };
  const { correlation_id, actor } = event.metadata;
  if (correlation_id) headers.ce_correlationid = correlation_id;
  if (actor) headers.ce_actor = actor;
  return {
    topic: topicFor(mapping.topicPrefix, event.streamType),
    key: event.streamId,
    value: JSON.stringify(redactSecrets(event.data)),
    headers,
  };
}

export function topicFor(topicPrefix: string, streamType: string): string {
  return topicPrefix + streamType;
}

/**
 * `tenant` + `TenantConfigChanged` v1 → `io.robustmq.admin.tenant.config.changed.v1`: the event type
 * loses the words of the stream type it starts with, and the rest become dotted lower case.
 */
export function cloudEventType(streamType: string, eventType: string, schemaVersion: number): string {
  const streamWords = streamType
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const eventWords = pascalCaseWords(eventType);
  const repeatsStreamType = eventWords.length > streamWords.length && streamWords.every((word, index) => eventWords[index] === word);
  const actionWords = repeatsStreamType ? eventWords.slice(streamWords.length) : eventWords;
  return `${CLOUD_EVENT_TYPE_PREFIX}.${streamType}.${actionWords.join('.')}.v${schemaVersion}`;
}

/** `ConfigChanged` → [`config`, `changed`]; a run of capitals is one word (`ACLRuleAdded` → acl, rule, added). */
function pascalCaseWords(pascal: string): string[] {
  return (pascal.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [pascal]).map((word) => word.toLowerCase());
}
