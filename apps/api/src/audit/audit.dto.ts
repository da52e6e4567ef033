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

/**
 * `GET /api/cluster/audit/list`: the shared list parameters (newest first unless `sort_field=position`
 * with `sort_by=asc`), and exact filters. A resource type is one the code defines (looked up in a Map,
 * so `constructor` is none), so that a typo gets a 400 naming them rather than an empty page.
 */
export class AuditListQueryDto extends ListQueryDto {
  @SortFieldParameter(auditList) sort_field?: string;
  @QueryParameter((text) => streamTypeNamed(text) !== undefined, () => `must be one of ${streamTypeNames().join(', ')}`)
  resource_type?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
  @FilterParameter() actor?: string;
  @TimeRangeStartParameter() start_time?: string;
  @TimeRangeEndParameter('start_time') end_time?: string;
}
