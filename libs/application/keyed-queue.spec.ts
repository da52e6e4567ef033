import { KeyedQueue } from './keyed-queue.js';

/** A task that runs until released, recording when it starts and ends. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`${name} start`);
    await released;
    log.push(`${name} end`);
    return name;
  };
  return { task, release };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in the order given', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = gate(log, 'first');
    const second = gate(log, 'second');
    const results = [queue.run('acme', first.task), queue.run('acme', second.task)];
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    second.release();
    first.release();
    expect(await Promise.all(results)).toEqual(['first', 'second']);
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const results = [queue.run('acme', a.task), queue.run('other', b.task)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a start', 'b start']);
    a.release();
    b.release();
    await Promise.all(results);
  });

  it('a failing task fails only its own caller; the next task of the key still runs, and no key is left behind', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('acme', () => Promise.reject(new Error('refused')));
    const next = queue.run('acme', () => Promise.resolve('ran'));
    await expect(failed).rejects.toThrow('refused');
    expect(await next).toBe('ran');
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
