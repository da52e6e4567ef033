import type pg from 'pg';
import { CLUSTER_CONFIG_STREAM_ID, type ClusterConfigState, clusterConfigDecider } from '#libs/domain/cluster-config';
import { APPENDED_CHANNEL, type EventStore, type WakeUps } from '#libs/event-store';

export interface LiveConfig {
  /** The configuration stream's version this state is at. */
  version: number;
  state: ClusterConfigState;
}

type ChangeListener = (config: LiveConfig) => void;

/**
 * The cluster configuration in this process' memory, kept current on every instance: `config/get`
 * and the admin rate limit read it without touching Postgres. It reloads the stream's folded state
 * (one bounded query) when appends of this process are reported, when another process' NOTIFY after
 * commit arrives on its LISTEN session, and every `pollIntervalMs` as a fallback for a lost
 * notification. Reloads are coalesced: at most one runs, and one more follows if asked meanwhile.
 */
export class LiveClusterConfig {
  private config: LiveConfig = { version: 0, state: clusterConfigDecider.initialState() };
  private readonly listeners = new Set<ChangeListener>();
  private session: pg.Client | undefined;
  private connecting = false;
  private stopped = false;
  private stopHearing: (() => void) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly newSession: () => pg.Client,
    private readonly wakeUps: WakeUps | undefined,
    private readonly pollIntervalMs: number,
  ) {}

  async start(): Promise<void> {
    this.stopHearing = this.wakeUps?.onAppended(() => void this.refresh().catch(() => undefined));
    await this.refresh();
    await this.listen().catch(() => undefined);
    this.poll = setInterval(() => {
      if (!this.session) void this.listen().catch(() => undefined);
      void this.refresh().catch(() => undefined);
    }, this.pollIntervalMs);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    this.stopHearing?.();
    await this.running?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }

  current(): LiveConfig {
    return this.config;
  }

  /** Called with every new version; returns the function that stops listening. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once a reload that started after this call has finished: what had committed before the
   * call is then in memory (a command's read-your-writes).
   */
  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.reload().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.refresh();
      });
    return this.next;
  }

  private async reload(): Promise<void> {
    if (this.stopped) return;
    const [loaded] = await this.store.loadStreams([{ streamId: CLUSTER_CONFIG_STREAM_ID, stateSchema: clusterConfigDecider.stateSchema }]);
    if (!loaded || loaded.version <= this.config.version) return;
    const start = loaded.state === undefined ? clusterConfigDecider.initialState() : (loaded.state as ClusterConfigState);
    const state = loaded.eventsAfterState.reduce(
      (folded, event) => clusterConfigDecider.evolve(folded, { type: event.eventType, data: event.data } as never),
      start,
    );
    this.config = { version: loaded.version, state };
    for (const listener of this.listeners) listener(this.config);
  }

  private async listen(): Promise<void> {
    if (this.session || this.connecting || this.stopped) return;
    this.connecting = true;
    const session = this.newSession();
    const forget = () => {
      if (this.session === session) this.session = undefined;
      void session.end().catch(() => undefined);
    };
    session.on('error', forget);
    session.on('end', forget);
    session.on('notification', () => void this.refresh().catch(() => undefined));
    try {
      await session.connect();
      await session.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch (error) {
      forget();
      throw error;
    } finally {
      this.connecting = false;
    }
    if (this.stopped) return forget();
    this.session = session;
    // Whatever committed while the session was not listening.
    void this.refresh().catch(() => undefined);
  }
}
