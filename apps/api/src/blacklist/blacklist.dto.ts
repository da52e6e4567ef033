import { ValidateBy } from 'class-validator';
import { BLACKLIST_TYPES, blacklistResourceProblem, type BlacklistType } from '#libs/domain/blacklist';
import { blacklistList } from '#libs/read-models/blacklist';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalText, RequiredName, RequiredOneOf, RequiredUnixSeconds } from '../http/validators.js';
import { NameField, TenantField } from '../tenant-resource/tenant-resource.dto.js';
import { Among, Text, UnixSeconds } from '../openapi/response-fields.js';

/** `resource_name` read as its entry's `blacklist_type` says: an IP, a CIDR block, or a regular expression brokers can run safely. */
function FitsBlacklistType() {
  const problemOf = (resourceName: unknown, body: object) => {
    const blacklistType = (body as { blacklist_type?: unknown }).blacklist_type;
    return typeof resourceName === 'string' && typeof blacklistType === 'string'
      ? blacklistResourceProblem(blacklistType, resourceName)
      : undefined;
  };
  return ValidateBy({
    name: 'fitsBlacklistType',
    validator: {
      validate: (value, args) => problemOf(value, args!.object) === undefined,
      defaultMessage: (args) => problemOf(args!.value, args!.object) ?? 'is invalid',
    },
  });
}

/** Body of `blacklist/create`: RobustMQ's request, lengths and `end_time >= 1` as its validator's. */
export class CreateBlacklistDto {
  @TenantField() tenant: string;
  @NameField() name: string;
  @RequiredOneOf(BLACKLIST_TYPES) blacklist_type: BlacklistType;
  @FitsBlacklistType() @RequiredName(256) resource_name: string;
  @RequiredUnixSeconds() end_time: number;
  @OptionalText(500) desc?: string | null;
}

/** `GET .../blacklist/list`: the shared list parameters, the real server's sort fields, and three substring filters. */
export class BlacklistListQueryDto extends ListQueryDto {
  @SortFieldParameter(blacklistList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
  @FilterParameter() resource_name?: string;
}

/** A row of the blacklist list. */
export class BlacklistRow {
  @Text() name: string;
  @Text() tenant: string;
  @Among(BLACKLIST_TYPES) blacklist_type: string;
  @Text() resource_name: string;
  @UnixSeconds('when the entry ends, unix seconds') end_time: number;
  @Text() desc: string;
}
