import { streamTypeNamed, streamTypeNames } from '#libs/domain/shared';
import { auditList } from '#libs/read-models/audit';
import {
  FilterParameter,
  ListQueryDto,
  QueryParameter,
  SortFieldParameter,
  TimeRangeEndParameter,
  TimeRangeStartParameter,
} from '../http/list-query.dto.js';
import { AnyObject, Integer, NullableText, Text, UnixSeconds } from '../openapi/response-fields.js';

/**
 * `GET /api/cluster/audit/list`: the shared list parameters (newest first unless `sort_field=position`
 * with `sort_by=asc`), and exact filters. A resource type is one the code defines (looked up in a Map,
 * so `constructor` is none), so that a typo gets a 400 naming them rather than an empty page.
 */
export class AuditListQueryDto extends ListQueryDto {
  @SortFieldParameter(auditList) sort_field?: string;
  @QueryParameter((text) => streamTypeNamed(text) !== undefined, () => `must be one of ${streamTypeNames().join(', ')}`, {
    type: 'string',
    description:
      'a resource type (the stream type): tenant, user, acl, blacklist, topic, topic_rewrite, connector, schema, cluster_config...',
  })
  resource_type?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
  @FilterParameter() actor?: string;
  @TimeRangeStartParameter() start_time?: string;
  @TimeRangeEndParameter('start_time') end_time?: string;
}

/** A row of the audit log: one event. */
export class AuditRow {
  @Integer("the event's place in the log") position: number;
  @Text('the stream (resource) the event belongs to') stream: string;
  @Text('the stream type: tenant, user, acl...') resource_type: string;
  @NullableText() tenant: string | null;
  @Text() name: string;
  @Text() event_type: string;
  @AnyObject("the event's data, secrets redacted") data: Record<string, unknown>;
  @NullableText('the name of the token of the request that caused it; anonymous without tokens, system for the service itself')
  actor: string | null;
  @NullableText() request_id: string | null;
  @UnixSeconds('when it was recorded, unix seconds') time: number;
}
