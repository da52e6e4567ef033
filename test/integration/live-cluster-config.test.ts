// The configuration each instance follows in memory: woken by another process' NOTIFY, by polling when it
// hears none, and read-your-writes for the command that changed it.
import pg from 'pg';
import { runCommand } from '#libs/application';
import { clusterConfigDecider, SetClusterConfig } from '#libs/domain/cluster-config';
import { EventStore, WakeUps } from '#libs/event-store';
import { LiveClusterConfig } from '#libs/read-models/cluster-config';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { waitUntil } from '../support/consumers.js';

const LONG_POLL_MS = 600_000;

describe('LiveClusterConfig', () => {
  let database: TestDatabase;
  const followers: LiveClusterConfig[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(followers.splice(0).map((follower) => follower.stop()));
    await database.drop();
  });

  const session = () => new pg.Client({ connectionString: database.url });
  /** A session that never connects: the follower hears no NOTIFY. */
  const deafSession = () => {
    const client = new pg.Client({ connectionString: database.url });
    client.connect = (() => Promise.reject(new Error('no LISTEN in this test'))) as typeof client.connect;
    return client;
  };
  const follow = async (newSession: () => pg.Client, pollIntervalMs: number) => {
    const follower = new LiveClusterConfig(new EventStore(database.pool), newSession, undefined, pollIntervalMs);
    followers.push(follower);
    await follower.start();
    return follower;
  };
  const setRate = (store: EventStore, rate: number) =>
    runCommand(store, clusterConfigDecider, new SetClusterConfig('ClusterLimit', { max_admin_http_uri_rate: rate }));
  const rateOf = (follower: LiveClusterConfig) => follower.current().state.sections.ClusterLimit.max_admin_http_uri_rate;

  it('starts from the stored state, and follows an append of another process through its NOTIFY', async () => {
    // Another process' store: its wake-ups only NOTIFY after commit.
    const otherProcess = new WakeUps(database.pool);
    const writer = new EventStore(database.pool, undefined, () => otherProcess.appended());
    await setRate(writer, 7);
    const follower = await follow(session, LONG_POLL_MS);
    expect({ version: follower.current().version, rate: rateOf(follower) }).toEqual({ version: 1, rate: 7 });

    const changes: number[] = [];
    follower.onChange((config) => changes.push(config.version));
    await setRate(writer, 8);
    await waitUntil('the follower has the change', () => rateOf(follower) === 8);
    expect(changes).toEqual([2]);
  });

  it('without a NOTIFY, it finds the change by polling', async () => {
    const follower = await follow(deafSession, 20);
    await setRate(new EventStore(database.pool), 9);
    await waitUntil('the polling follower has the change', () => rateOf(follower) === 9);
  });

  it('a refresh asked after an append has committed resolves with the append in memory, also while another reload runs', async () => {
    const follower = await follow(deafSession, LONG_POLL_MS);
    const store = new EventStore(database.pool);
    for (const rate of [11, 12, 13]) {
      const running = follower.refresh();
      await setRate(store, rate);
      await follower.refresh();
      expect(rateOf(follower)).toBe(rate);
      await running;
    }
  });
});
