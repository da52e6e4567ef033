import type { UserEvent } from '#libs/domain/user';
import { foldCase } from '../list-query/index.js';
import { lastPerKey, type ProjectionHandlers, setBased } from '../projection/index.js';

type DataOf<Type extends UserEvent['type']> = Extract<UserEvent, { type: Type }>['data'];

/** The same identity as the user's stream id, so the last event of a user in a run wins. */
const byUser = (data: { tenant: string; username: string }) => JSON.stringify([data.tenant, data.username]);

/**
 * UserCreated / UserDeleted → rows of rm_users, one statement per run of events of one type. The
 * password hash stays in the event: no read path can return what the table does not hold.
 */
export const userProjection: ProjectionHandlers = {
  UserCreated: setBased(async (db, events) => {
    const rows = lastPerKey<DataOf<'UserCreated'>>(events, byUser).map((data) => ({
      tenant: data.tenant,
      username: data.username,
      username_folded: foldCase(data.username),
      is_superuser: data.is_superuser,
      create_time: data.create_time,
    }));
    await db.query(
      `INSERT INTO rm_users (tenant, username, username_folded, is_superuser, create_time)
       SELECT tenant, username, username_folded, is_superuser, create_time
         FROM jsonb_to_recordset($1::jsonb)
           AS r(tenant text, username text, username_folded text, is_superuser boolean, create_time bigint)
       ON CONFLICT (tenant, username) DO UPDATE
         SET is_superuser = excluded.is_superuser, create_time = excluded.create_time`,
      [JSON.stringify(rows)],
    );
  }),
  UserDeleted: setBased(async (db, events) => {
    const users = lastPerKey<DataOf<'UserDeleted'>>(events, byUser);
    await db.query(
      `DELETE FROM rm_users USING jsonb_to_recordset($1::jsonb) AS r(tenant text, username text)
        WHERE rm_users.tenant = r.tenant AND rm_users.username = r.username`,
      [JSON.stringify(users.map(({ tenant, username }) => ({ tenant, username })))],
    );
  }),
};
