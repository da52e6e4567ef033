import { runCommand, runCommandAcross } from '#libs/application';
import {
  AlreadyExistsError,
  ConflictError,
  type CrossStreamDecider,
  defineStreamType,
  type NewEvent,
  NotFoundError,
  RejectedError,
  type StreamFold,
} from '#libs/domain/shared';
import { CreateTenant, DeleteTenant, tenantDecider, type TenantEvent, type TenantState, tenantStream } from '#libs/domain/tenant';
import { ConcurrencyConflictError, EventStore, LOG_START } from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * A test rule over three streams, shaped like "a tenant may hold at most N topics": a widget belongs to
 * a tenant that must exist (read on the tenant's stream), and a per-tenant counter stream that every
 * widget creation appends to holds the quota.
 */
const QUOTA = 10;
const widgetStream = defineStreamType('widget', ['tenant_name', 'widget_name']);
const widgetCountStream = defineStreamType('widget_count', ['tenant_name']);

type WidgetCreated = NewEvent<'WidgetCreated', { tenant_name: string; widget_name: string }>;
type WidgetCounted = NewEvent<'WidgetCounted', { count: number }>;

const widgetFold: StreamFold<boolean, WidgetCreated> = {
  streamType: widgetStream.name,
  stateSchema: 1,
  initialState: () => false,
  evolve: () => true,
};
const widgetCountFold: StreamFold<number, WidgetCounted> = {
  streamType: widgetCountStream.name,
  stateSchema: 1,
  initialState: () => 0,
  evolve: (_count, event) => event.data.count,
};

interface CreateWidget {
  tenantName: string;
  widgetName: string;
}

type WidgetStreams = {
  tenant: { state: TenantState; event: TenantEvent };
  widget: { state: boolean; event: WidgetCreated };
  count: { state: number; event: WidgetCounted };
};

const createWidget: CrossStreamDecider<CreateWidget, WidgetStreams> = {
  streams: ({ tenantName, widgetName }) => ({
    tenant: { id: tenantStream.id(tenantName), fold: tenantDecider },
    widget: { id: widgetStream.id(tenantName, widgetName), fold: widgetFold },
    count: { id: widgetCountStream.id(tenantName), fold: widgetCountFold },
  }),
  decide: ({ tenant, widget, count }, { tenantName, widgetName }) => {
    if (tenant.status !== 'active') throw new NotFoundError(`tenant ${tenantName} not found`);
    if (widget) throw new AlreadyExistsError(`widget ${widgetName} already exists`);
    if (count >= QUOTA) throw new RejectedError(`tenant ${tenantName} has ${QUOTA} widgets, its quota`);
    return {
      widget: [{ type: 'WidgetCreated', data: { tenant_name: tenantName, widget_name: widgetName } }],
      count: [{ type: 'WidgetCounted', data: { count: count + 1 } }],
    };
  },
};

const NOW = 1_738_800_000;

describe('rules across streams', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.pool);
  });
  afterAll(() => database.drop());

  /** Like a client that tries again after a 409, until it gets a definite answer. */
  async function untilDecided<T>(command: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await command();
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }

  it('one command appends to two streams with expected versions in one transaction and reports both event types', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('solo', '', undefined, NOW));
    const outcome = await runCommandAcross(store, createWidget, { tenantName: 'solo', widgetName: 'w' });
    expect(outcome.eventTypes).toEqual(['WidgetCreated', 'WidgetCounted']);
    const inLog = (await store.readAllAfter(LOG_START, 100)).filter((event) => event.eventType.startsWith('Widget'));
    expect(new Set(inLog.map((event) => event.transactionId)).size).toBe(1);
    await expect(runCommandAcross(store, createWidget, { tenantName: 'solo', widgetName: 'w' })).rejects.toThrow(AlreadyExistsError);
    await expect(runCommandAcross(store, createWidget, { tenantName: 'nobody', widgetName: 'w' })).rejects.toThrow(NotFoundError);
  });

  it('widget ids of different (tenant, name) pairs never share a stream, even when their joined text is the same', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('a-b', '', undefined, NOW));
    await runCommand(store, tenantDecider, new CreateTenant('a', '', undefined, NOW));
    await runCommandAcross(store, createWidget, { tenantName: 'a-b', widgetName: 'c' });
    await runCommandAcross(store, createWidget, { tenantName: 'a', widgetName: 'b-c' });
    expect(widgetStream.id('a-b', 'c')).not.toBe(widgetStream.id('a', 'b-c'));
    expect(await store.readStream(widgetStream.id('a', 'b-c'))).toHaveLength(1);
  });

  it('of 50 concurrent creates against a quota of 10, exactly 10 succeed and the rest are refused by the quota', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('busy', '', undefined, NOW));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        untilDecided(() => runCommandAcross(store, createWidget, { tenantName: 'busy', widgetName: `w${i}` })),
      ),
    );
    const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(QUOTA);
    expect(refused).toHaveLength(50 - QUOTA);
    for (const reason of refused) expect(reason).toBeInstanceOf(RejectedError);
    const widgets = await database.pool.query(
      "SELECT count(*) FROM streams WHERE stream_type = 'widget' AND stream_id LIKE 'widget-busy/%'",
    );
    expect(Number(widgets.rows[0].count)).toBe(QUOTA);
    expect(await store.readStream(widgetCountStream.id('busy'))).toHaveLength(QUOTA);
  }, 60_000);

  it('a tenant delete from a transaction older than a create that required the tenant is refused, so the log never shows the create after the delete', async () => {
    await runCommand(store, tenantDecider, new CreateTenant('ordered', '', undefined, NOW));
    const older = await database.pool.connect();
    try {
      await older.query('BEGIN');
      await new EventStore(older).appendToStream('tenant-elsewhere', 'tenant', 'no_stream', [
        { type: 'TenantCreated', data: { tenant_name: 'elsewhere', desc: '', config: {}, create_time: NOW } },
      ]);
      await runCommandAcross(store, createWidget, { tenantName: 'ordered', widgetName: 'w' });
      await expect(
        new EventStore(older).appendToStream(tenantStream.id('ordered'), 'tenant', 1, [
          { type: 'TenantDeleted', data: { tenant_name: 'ordered' } },
        ]),
      ).rejects.toThrow(ConcurrencyConflictError);
    } finally {
      await older.query('ROLLBACK');
      older.release();
    }
  });

  it('a create racing the delete of its tenant either fails or comes before the delete in the log', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 15; round++) {
      const tenantName = `racing-${round}`;
      await runCommand(store, tenantDecider, new CreateTenant(tenantName, '', undefined, NOW));
      const [created, deleted] = await Promise.allSettled([
        untilDecided(() => runCommandAcross(store, createWidget, { tenantName, widgetName: 'w' })),
        untilDecided(() => runCommand(store, tenantDecider, new DeleteTenant(tenantName))),
      ]);
      expect(deleted.status).toBe('fulfilled');
      const log = (await store.readAllAfter(LOG_START, 100_000)).filter((event) =>
        [tenantStream.id(tenantName), widgetStream.id(tenantName, 'w')].includes(event.streamId),
      );
      const order = log.map((event) => event.eventType);
      if (created.status === 'fulfilled') {
        expect(order).toEqual(['TenantCreated', 'WidgetCreated', 'TenantDeleted']);
        outcomes.push('created first');
      } else {
        expect(created.reason).toBeInstanceOf(NotFoundError);
        expect(order).toEqual(['TenantCreated', 'TenantDeleted']);
        outcomes.push('refused');
      }
    }
    expect(outcomes).toHaveLength(15);
  }, 60_000);
});
