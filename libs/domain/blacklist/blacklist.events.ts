export const BLACKLIST_TYPES = ['ClientId', 'User', 'Ip', 'ClientIdMatch', 'UserMatch', 'IPCIDR'] as const;

export type BlacklistType = (typeof BLACKLIST_TYPES)[number];

/** What an entry says, besides its identity (tenant, name). */
export interface BlacklistEntryFields {
  blacklist_type: BlacklistType;
  /** A client id or user name, an IP address, a CIDR block, or a regular expression, per `blacklist_type`. */
  resource_name: string;
  /** Unix seconds after which the entry no longer applies. */
  end_time: number;
  desc: string;
}

/** Schema version 1; carries the whole entry, as the list API shows it. */
export type BlacklistCreated = {
  type: 'BlacklistCreated';
  data: { tenant: string; name: string } & BlacklistEntryFields;
};

export type BlacklistDeleted = {
  type: 'BlacklistDeleted';
  data: { tenant: string; name: string };
};

export type BlacklistEvent = BlacklistCreated | BlacklistDeleted;

const BLACKLIST_EVENT_TYPE_RECORD: Record<BlacklistEvent['type'], true> = { BlacklistCreated: true, BlacklistDeleted: true };
export const BLACKLIST_EVENT_TYPES: readonly BlacklistEvent['type'][] = Object.keys(
  BLACKLIST_EVENT_TYPE_RECORD,
) as BlacklistEvent['type'][];
