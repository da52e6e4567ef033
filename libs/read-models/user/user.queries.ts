import type { ListSpec } from '../list-query/index.js';

/** A row of the user list, as RobustMQ's UserListRow: never a password, nor its hash. */
export interface UserRow {
  tenant: string;
  username: string;
  is_superuser: boolean;
  create_time: number;
}

const byUsername = { column: 'username_folded', match: 'fuzzy' } as const;

export const userList: ListSpec<UserRow> = {
  table: 'rm_users',
  sortable: { tenant: 'tenant', username: 'username' },
  // `username` as the API document names it, `user_name` as the real server and its dashboard send it.
  filters: { tenant: { column: 'tenant', match: 'exact' }, username: byUsername, user_name: byUsername },
  naturalOrder: ['tenant', 'username'],
  tenantColumn: 'tenant',
  toRow: (record) => ({
    tenant: record.tenant as string,
    username: record.username as string,
    is_superuser: record.is_superuser as boolean,
    create_time: Number(record.create_time),
  }),
};
