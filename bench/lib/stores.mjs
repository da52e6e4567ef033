// The two event stores the append scenario compares, each behind the same tiny interface:
// append(streamId, expectedVersion | undefined, events) → the stream's new version.
// If the EventStore API changes, only `ourStore` needs to follow.
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import pg from 'pg';
import { ROOT } from './processes.mjs';

/**
 * robustmq-admin's store, as compiled by `npm run build`. With `announce`, it wakes the log consumers of
 * other processes after each append commits (a coalesced NOTIFY), as an API process does.
 */
export async function ourStore(url, poolSize, { announce = false } = {}) {
  const { EventStore, WakeUps } = await import(`${ROOT}/dist/libs/event-store/index.js`);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const wakeUps = announce ? new WakeUps(pool) : undefined;
  const store = new EventStore(pool, undefined, wakeUps && (() => wakeUps.appended()));
  return {
    name: 'robustmq-admin EventStore.appendToStream',
    pool,
    async append(streamId, streamType, version, events) {
      const result = await store.appendToStream(streamId, streamType, version === 0 ? 'no_stream' : version, events);
      return { version: result.nextVersion, transactionId: result.lastEvent.transactionId, position: result.lastEvent.position };
    },
    close: () => pool.end(),
  };
}

/** Emmett's PostgreSQL event store, in a database of its own (it creates its own tables on first use). */
export async function emmettStore(url, poolSize) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: '@event-driven-io/emmett-postgresql appendToStream',
    pool,
    async append(streamId, _streamType, version, events) {
      const result = await store.appendToStream(streamId, events, {
        expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version),
      });
      return { version: Number(result.nextExpectedStreamVersion) };
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
