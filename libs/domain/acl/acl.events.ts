export const ACL_RESOURCE_TYPES = ['ClientId', 'User', 'Ip'] as const;
export const ACL_ACTIONS = ['Publish', 'Subscribe', 'All'] as const;
export const ACL_PERMISSIONS = ['Allow', 'Deny'] as const;

export type AclResourceType = (typeof ACL_RESOURCE_TYPES)[number];
export type AclAction = (typeof ACL_ACTIONS)[number];
export type AclPermission = (typeof ACL_PERMISSIONS)[number];

/** What a rule says, besides its identity (tenant, name). */
export interface AclRuleFields {
  desc: string;
  resource_type: AclResourceType;
  resource_name: string;
  /** An MQTT topic filter. */
  topic: string;
  /** An IP address or CIDR block; '' when the rule applies from any address (as the broker reads it). */
  ip: string;
  action: AclAction;
  permission: AclPermission;
}

/** Schema version 1; carries the whole rule, as the list API shows it, so a broker can apply it alone. */
export type AclCreated = {
  type: 'AclCreated';
  data: { tenant: string; name: string } & AclRuleFields;
};

export type AclDeleted = {
  type: 'AclDeleted';
  data: { tenant: string; name: string };
};

export type AclEvent = AclCreated | AclDeleted;

const ACL_EVENT_TYPE_RECORD: Record<AclEvent['type'], true> = { AclCreated: true, AclDeleted: true };
export const ACL_EVENT_TYPES: readonly AclEvent['type'][] = Object.keys(ACL_EVENT_TYPE_RECORD) as AclEvent['type'][];
