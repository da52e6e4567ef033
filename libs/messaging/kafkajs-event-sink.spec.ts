import type { OutboundRecord } from './event-sink.js';
import { chunksOfAtMost } from './kafkajs-event-sink.js';

function recordOfBytes(id: number, valueBytes: number): OutboundRecord {
  return { topic: 't', key: `k${id}`, value: 'x'.repeat(valueBytes), headers: {} };
}

describe('splitting a send into requests the broker accepts', () => {
  it('records are split in order into runs that stay within the byte limit', () => {
    const records = [1, 2, 3, 4, 5].map((id) => recordOfBytes(id, 38));

    const chunks = chunksOfAtMost(100, records);

    expect(chunks.map((chunk) => chunk.map((record) => record.key))).toEqual([['k1', 'k2'], ['k3', 'k4'], ['k5']]);
  });

  it('a record larger than the limit still goes, alone', () => {
    const chunks = chunksOfAtMost(100, [recordOfBytes(1, 10), recordOfBytes(2, 500), recordOfBytes(3, 10)]);

    expect(chunks.map((chunk) => chunk.map((record) => record.key))).toEqual([['k1'], ['k2'], ['k3']]);
  });

  it('a small batch is sent in one request', () => {
    expect(chunksOfAtMost(1_000, [recordOfBytes(1, 10), recordOfBytes(2, 10)])).toHaveLength(1);
  });
});
