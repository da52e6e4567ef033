import {
  ACL_ACTIONS,
  ACL_PERMISSIONS,
  ACL_RESOURCE_TYPES,
  type AclAction,
  type AclPermission,
  type AclResourceType,
} from '#libs/domain/acl';
import { ipOrCidrProblem, topicFilterProblem } from '#libs/domain/shared';
import { aclList } from '#libs/read-models/acl';
import { FilterParameter, ListQueryDto, SortFieldParameter } from '../http/list-query.dto.js';
import { OptionalText, RequiredName, RequiredOneOf, SatisfiesRule } from '../http/validators.js';
import { NameField, TenantField } from '../tenant-resource/tenant-resource.dto.js';
import { Among, Text } from '../openapi/response-fields.js';

/** An empty `ip` (the API document's example) means any address, as brokers read it. */
const aclIpProblem = (ip: string) => (ip === '' ? undefined : ipOrCidrProblem(ip));

/**
 * Body of `acl/create`: RobustMQ's CreateAclReq, lengths as its validator's. `topic` must be an MQTT topic
 * filter, so it is required (an empty one matches nothing); `ip` an address or CIDR block, or empty.
 */
export class CreateAclDto {
  @TenantField() tenant: string;
  @NameField() name: string;
  @OptionalText(256) desc?: string | null;
  @RequiredOneOf(ACL_RESOURCE_TYPES) resource_type: AclResourceType;
  @RequiredName(256) resource_name: string;
  @SatisfiesRule(topicFilterProblem) @RequiredName(256) topic: string;
  @SatisfiesRule(aclIpProblem) @OptionalText(128) ip?: string | null;
  @RequiredOneOf(ACL_ACTIONS) action: AclAction;
  @RequiredOneOf(ACL_PERMISSIONS) permission: AclPermission;
}

/** `GET .../acl/list`: the shared list parameters, the real server's sort fields, and three substring filters. */
export class AclListQueryDto extends ListQueryDto {
  @SortFieldParameter(aclList) sort_field?: string;
  @FilterParameter() tenant?: string;
  @FilterParameter() name?: string;
  @FilterParameter() resource_name?: string;
}

/** A row of the ACL list: RobustMQ's AclListRow (it has no create_time). */
export class AclRow {
  @Text() tenant: string;
  @Text() name: string;
  @Text() desc: string;
  @Among(ACL_RESOURCE_TYPES) resource_type: AclResourceType;
  @Text() resource_name: string;
  @Text() topic: string;
  @Text('an address or CIDR block; empty for any') ip: string;
  @Among(ACL_ACTIONS) action: AclAction;
  @Among(ACL_PERMISSIONS) permission: AclPermission;
}
