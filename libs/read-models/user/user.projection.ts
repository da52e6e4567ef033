import type { UserCreated } from '#libs/domain/user';
import { foldCase } from '../list-query/index.js';
import { tenantResourceProjection } from '../tenant-resource/index.js';

/**
 * UserCreated / UserDeleted → rows of rm_users, with the folded username its fuzzy filters search. The
 * password hash stays in the event: no read path can return what the table does not hold.
 */
export const userProjection = tenantResourceProjection<UserCreated['data']>({
  table: 'rm_users',
  nameColumn: 'username',
  createdType: 'UserCreated',
  deletedType: 'UserDeleted',
  columns: {
    username_folded: { type: 'text', from: (user) => foldCase(user.username) },
    is_superuser: { type: 'boolean', from: (user) => user.is_superuser },
    create_time: { type: 'bigint', from: (user) => user.create_time },
  },
});
