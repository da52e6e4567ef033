// A client that sends a steady stream of mixed commands (tenants, topics, ACL rules, blacklist entries,
// users; creates, updates, deletes) while a test breaks something, and keeps every answer.
import { randomBytes } from 'node:crypto';
import { waitUntil } from './consumers.js';

export interface CommandOutcome {
  baseUrl: string;
  path: string;
  /** Sent as x-request-id: the command's events carry it as metadata.request_id. */
  requestId: string;
  status: number;
  body: unknown;
  readYourWrites: string | null;
  /** x-event-position: the log position of the command's last event. */
  position: string | null;
}

interface Command {
  path: string;
  body: Record<string, unknown>;
  /** Run once the command answered 200, to remember what now exists. */
  succeeded?: () => void;
}

/**
 * Sends one command at a time, to each of `baseUrls()` in turn, until stopped. A command only ever
 * builds on earlier ones that answered 200 (an update or delete names a tenant or topic that was
 * created), so every command is valid whatever failed before it: an answer other than 200 is the
 * service's doing.
 */
export class CommandStream {
  readonly outcomes: CommandOutcome[] = [];
  private readonly prefix = `s${randomBytes(3).toString('hex')}`;
  private readonly tenants: string[] = [];
  private readonly topics: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private sent = 0;

  constructor(private readonly baseUrls: () => readonly string[]) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<CommandOutcome[]> {
    this.running = false;
    await this.loop;
    return this.outcomes;
  }

  /** Waits until `count` more commands than now have been answered. */
  async answered(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.outcomes.length + count;
    await waitUntil(`${count} more commands were answered`, () => this.outcomes.length >= target || !this.running, timeoutMs);
    if (this.outcomes.length < target) throw new Error('the command stream stopped');
  }

  private async run(): Promise<void> {
    while (this.running) {
      const urls = this.baseUrls();
      await this.send(urls[this.sent % urls.length]!, this.next(this.sent++));
    }
  }

  private async send(baseUrl: string, command: Command): Promise<void> {
    const requestId = `${this.prefix}-${this.sent}`;
    const response = await fetch(`${baseUrl}${command.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(command.body),
    });
    const text = await response.text();
    const outcome: CommandOutcome = {
      baseUrl,
      path: command.path,
      requestId,
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      readYourWrites: response.headers.get('x-read-your-writes'),
      position: response.headers.get('x-event-position'),
    };
    this.outcomes.push(outcome);
    if (outcome.status === 200) command.succeeded?.();
  }

  /** Command number `i` of the mix: mostly creates, with updates and deletes of what exists. */
  private next(i: number): Command {
    const name = `${this.prefix}-${i}`;
    const createTenant: Command = {
      path: '/api/cluster/tenant/create',
      body: { tenant_name: name },
      succeeded: () => this.tenants.push(name),
    };
    const createTopic: Command = {
      path: '/api/cluster/topic/create',
      body: { tenant: 'default', topic_name: `${name}/a` },
      succeeded: () => this.topics.push(`${name}/a`),
    };
    switch (i % 8) {
      case 1:
        return createTopic;
      case 2:
        return {
          path: '/api/cluster/acl/create',
          body: {
            tenant: 'default',
            name,
            resource_type: 'User',
            resource_name: name,
            topic: `${name}/#`,
            action: 'Publish',
            permission: 'Deny',
          },
        };
      case 3: {
        const tenant = this.tenants.at(-1);
        return tenant ? { path: '/api/cluster/tenant/update', body: { tenant_name: tenant, desc: `updated by ${name}` } } : createTenant;
      }
      case 4:
        return {
          path: '/api/cluster/blacklist/create',
          body: { tenant: 'default', name, blacklist_type: 'ClientId', resource_name: name, end_time: 4_102_444_800, desc: '' },
        };
      case 5: {
        // Taken off the list whatever the answer, so that no delete is sent twice.
        const topic = this.topics.shift();
        return topic ? { path: '/api/cluster/topic/delete', body: { tenant: 'default', topic_name: topic } } : createTopic;
      }
      case 6:
        // Password hashing (scrypt) is costly: a user now and then.
        return i % 48 === 6 ? { path: '/api/cluster/user/create', body: { username: name, password: 'pw' } } : createTenant;
      case 7: {
        const tenant = this.tenants.length > 4 ? this.tenants.shift() : undefined;
        return tenant ? { path: '/api/cluster/tenant/delete', body: { tenant_name: tenant } } : createTenant;
      }
      default:
        return createTenant;
    }
  }
}
