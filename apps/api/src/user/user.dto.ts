import { userList } from '#libs/read-models/user';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalBoolean, RequiredName } from '../http/validators.js';
import { OptionalTenantField } from '../tenant-resource/tenant-resource.dto.js';
import { Flag, Text, UnixSeconds } from '../openapi/response-fields.js';

/**
 * Body of user create (RobustMQ's CreateUserReq, lengths as its validator's). `tenant` may be omitted for
 * `default` (API-CONTRACT §5). The password follows a name's rules: 1-128 characters that Postgres and
 * UTF-8 can hold; it is hashed before anything else sees it.
 */
export class CreateUserDto {
  @OptionalTenantField() tenant?: string | null;
  @RequiredName(64) username: string;
  @RequiredName(128) password: string;
  @OptionalBoolean() is_superuser?: boolean | null;
}

export class DeleteUserDto {
  @OptionalTenantField() tenant?: string | null;
  @RequiredName(64) username: string;
}

/** `GET .../user/list`: exact `tenant`; `username` (API document) and `user_name` (real server) both a substring of the name. */
export class UserListQueryDto extends ListQueryDto {
  @SortFieldParameter(userList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() username?: string;
  @FilterParameter() user_name?: string;
}

/** A row of the user list; the password (its hash) is never shown. */
export class UserRow {
  @Text() tenant: string;
  @Text() username: string;
  @Flag() is_superuser: boolean;
  @UnixSeconds() create_time: number;
}
