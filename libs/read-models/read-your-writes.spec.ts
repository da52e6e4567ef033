import type { ConsumerProgress } from '#libs/event-store';
import { ReadYourWrites } from './read-your-writes.js';

describe('ReadYourWrites', () => {
  it('a command waits for the projector that handles its event types only: meta for tenants, mqtt for MQTT resources', async () => {
    const awaited: string[][] = [];
    const progress = {
      waitFor: async (consumers: readonly string[]) => (awaited.push([...consumers]), true),
    } as unknown as ConsumerProgress;
    const readYourWrites = new ReadYourWrites(progress, 1_000);
    const event = { transactionId: 1n, position: 1n };

    await readYourWrites.waitUntilApplied(event, ['TenantCreated']);
    await readYourWrites.waitUntilApplied(event, ['UserCreated']);
    await readYourWrites.waitUntilApplied(event, ['TopicCreated', 'TopicCountChanged']);
    await readYourWrites.waitUntilApplied(event);

    expect(awaited).toEqual([['meta'], ['mqtt'], ['mqtt'], ['meta', 'mqtt']]);
  });
});
