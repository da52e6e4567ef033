import fc from 'fast-check';
import { MQTT_TOPIC_MAX_BYTES, topicNameProblem } from '../shared/index.js';
import { topicKey } from './topic-key.js';

/** Valid topic names of any length up to the MQTT limit, built from a few repeated units so that long ones share prefixes. */
const unit = fc.constantFrom('a', 'é', '€', '😀', '/', '$', ' ');
const validName = fc
  .tuple(fc.array(unit, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 9_000 }), fc.string({ unit: 'binary', maxLength: 4 }))
  .map(([units, times, tail]) => (units.join('').repeat(times) + tail.replace(/[+#]/g, 'x').replaceAll('\u0000', 'x')).slice(0, 60_000))
  .filter((name) => topicNameProblem(name) === undefined && Buffer.byteLength(name) <= MQTT_TOPIC_MAX_BYTES);

describe('topicKey properties', () => {
  it('two different valid names never share a key, and equal names always do', () => {
    fc.assert(
      fc.property(validName, validName, (first, second) => {
        expect(topicKey(first) === topicKey(second)).toBe(first === second);
      }),
    );
  });

  it('a key is at most 256 bytes of UTF-8 plus # and 64 hex digits, so it fits any btree index entry', () => {
    fc.assert(
      fc.property(validName, (name) => {
        const key = topicKey(name);
        expect(Buffer.byteLength(key)).toBeLessThanOrEqual(256 + 1 + 64);
        expect(key.includes('#')).toBe(Buffer.byteLength(name) > 256);
      }),
    );
  });

  it('a long name keyed by its prefix keeps whole characters: the prefix is the start of the name', () => {
    fc.assert(
      fc.property(
        validName.filter((name) => Buffer.byteLength(name) > 256),
        (name) => {
          const prefix = topicKey(name).split('#')[0]!;
          expect(name.startsWith(prefix)).toBe(true);
          expect(Buffer.byteLength(prefix)).toBeGreaterThan(192 - 4);
        },
      ),
    );
  });
});
