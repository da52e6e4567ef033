import type { Queryable } from './event-store.js';
import { CHECKPOINT_CHANNEL, CoalescedNotifier, parseCheckpointPayload, WakeUps } from './wake-ups.js';

/** Records each NOTIFY and answers it only when told to, as a busy Postgres would. */
class HeldNotifies {
  readonly sent: unknown[][] = [];
  private readonly answers: (() => void)[] = [];

  readonly db = {
    query: (_sql: string, params: unknown[]) => {
      this.sent.push(params);
      return new Promise((resolve) => this.answers.push(() => resolve({ rows: [] })));
    },
  } as unknown as Queryable;

  async answerAll(): Promise<void> {
    while (this.answers.length > 0) {
      this.answers.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('CoalescedNotifier', () => {
  it('a burst of a hundred wake-ups while one NOTIFY is in flight sends two, the last with the latest payload', async () => {
    const postgres = new HeldNotifies();
    const notifier = new CoalescedNotifier(postgres.db);

    for (let i = 1; i <= 100; i++) notifier.notify('event_log_appended', String(i));
    await postgres.answerAll();

    expect(postgres.sent).toEqual([
      ['event_log_appended', '1'],
      ['event_log_appended', '100'],
    ]);
  });

  it('a wake-up asked for after the last NOTIFY was answered sends a new one', async () => {
    const postgres = new HeldNotifies();
    const notifier = new CoalescedNotifier(postgres.db);

    notifier.notify('event_log_appended', '');
    await postgres.answerAll();
    notifier.notify('event_log_appended', '');
    await postgres.answerAll();

    expect(postgres.sent).toHaveLength(2);
  });

  it('lanes do not hold each other up: each consumer gets its own checkpoint NOTIFY', async () => {
    const postgres = new HeldNotifies();
    const notifier = new CoalescedNotifier(postgres.db);

    notifier.notify(CHECKPOINT_CHANNEL, 'a:1:1', 'a');
    notifier.notify(CHECKPOINT_CHANNEL, 'b:1:2', 'b');
    await postgres.answerAll();

    expect(postgres.sent.map((params) => params[1])).toEqual(['a:1:1', 'b:1:2']);
  });

  it('a NOTIFY that fails is dropped without an unhandled rejection, and later ones still go', async () => {
    let calls = 0;
    const failingOnce = {
      query: async () => {
        calls++;
        if (calls === 1) throw new Error('Connection terminated');
        return { rows: [] };
      },
    } as unknown as Queryable;
    const notifier = new CoalescedNotifier(failingOnce);

    notifier.notify('event_log_appended', '');
    await new Promise((resolve) => setImmediate(resolve));
    notifier.notify('event_log_appended', '');
    await new Promise((resolve) => setImmediate(resolve));

    expect(calls).toBe(2);
  });
});

describe('WakeUps', () => {
  it('wakes listeners of this process at once on every append and checkpoint, without Postgres', () => {
    const wakeUps = new WakeUps();
    let appended = 0;
    const moved: string[] = [];
    wakeUps.onAppended(() => appended++);
    const stopHearing = wakeUps.onCheckpointMoved((consumer, checkpoint) => moved.push(`${consumer}@${checkpoint.position}`));

    wakeUps.appended();
    wakeUps.appended();
    wakeUps.checkpointMoved('meta', { transactionId: 7n, position: 42n });
    stopHearing();
    wakeUps.checkpointMoved('meta', { transactionId: 8n, position: 43n });

    expect(appended).toBe(2);
    expect(moved).toEqual(['meta@42']);
  });

  it('a checkpoint payload reads back as the consumer and its checkpoint, even with a colon in the name', () => {
    expect(parseCheckpointPayload('a:b:12:34')).toEqual({ consumer: 'a:b', checkpoint: { transactionId: 12n, position: 34n } });
    expect(parseCheckpointPayload('garbage')).toBeUndefined();
  });
});
