import fc from 'fast-check';

import { MQTT_TOPIC_MAX_BYTES, isSystemTopic, topicFilterProblem, topicNameProblem } from './mqtt-topics.js';

/** Any Unicode text without the characters that have a meaning in a topic; empty levels included. */
const plainLevel = fc.string({ unit: 'binary', maxLength: 6 }).map((text) => text.replace(/[/+#]/g, 'x').replaceAll('\u0000', 'x'));
const nonEmptyPlainLevel = plainLevel.filter((level) => level.length > 0);
// From no level at all, so `#` alone (every topic) and `#/...` are generated too.
const filterLevels = fc.array(fc.oneof(plainLevel, fc.constant('+')), { minLength: 0, maxLength: 6 });
const validFilter = fc
  .tuple(filterLevels, fc.boolean())
  .map(([levels, multiLevel]) => [...levels, ...(multiLevel ? ['#'] : [])].join('/'))
  .filter((filter) => filter.length > 0);
const validName = fc
  .array(plainLevel, { minLength: 1, maxLength: 6 })
  .map((levels) => levels.join('/'))
  .filter((name) => name.length > 0);
const wildcard = fc.constantFrom('+', '#');

/** Inserts between code points, so a surrogate pair is never split. */
const insertAt = (text: string, position: number, inserted: string) => {
  const characters = [...text];
  characters.splice(position % (characters.length + 1), 0, inserted);
  return characters.join('');
};

/** Text of exactly `bytes` bytes of UTF-8, mostly one multi-byte character repeated. */
const textOfBytes = (character: string, bytes: number) => {
  const size = Buffer.byteLength(character);
  return character.repeat(Math.floor(bytes / size)) + 'a'.repeat(bytes % size);
};
const nearTheLimit = fc.tuple(fc.constantFrom('é', '€', '😀'), fc.integer({ min: -4, max: 4 }));

describe('MQTT topic filter properties', () => {
  it('every filter built from plain levels, + levels and a final # is accepted', () => {
    fc.assert(fc.property(validFilter, (filter) => topicFilterProblem(filter) === undefined));
  });

  it('a wildcard inside a level with other characters is refused', () => {
    fc.assert(
      fc.property(
        fc.array(plainLevel),
        nonEmptyPlainLevel,
        wildcard,
        fc.boolean(),
        fc.array(plainLevel),
        (before, text, mark, markFirst, after) => {
          const level = markFirst ? mark + text : text + mark;
          expect(topicFilterProblem([...before, level, ...after].join('/'))).toBe(`'${mark}' must be a whole level`);
        },
      ),
    );
  });

  it('a # level followed by any further level is refused', () => {
    fc.assert(
      fc.property(filterLevels, fc.array(fc.oneof(plainLevel, fc.constant('+')), { minLength: 1 }), (before, after) => {
        expect(topicFilterProblem([...before, '#', ...after].join('/'))).toBe("'#' must be the last level");
      }),
    );
  });

  it('a NUL anywhere is refused', () => {
    fc.assert(
      fc.property(validFilter, fc.nat(), (filter, position) => {
        expect(topicFilterProblem(insertAt(filter, position, '\u0000'))).toBe('must not contain NUL characters');
      }),
    );
  });

  it('multi-byte filters are accepted up to 65,535 bytes of UTF-8 and refused beyond', () => {
    fc.assert(
      fc.property(nearTheLimit, ([character, offset]) => {
        const filter = textOfBytes(character, MQTT_TOPIC_MAX_BYTES + offset);
        expect(topicFilterProblem(filter)).toBe(offset > 0 ? 'must be at most 65535 bytes of UTF-8' : undefined);
      }),
    );
  });
});

describe('MQTT topic name properties', () => {
  it('every name built from plain levels is accepted, and is a system topic exactly when it starts with $', () => {
    fc.assert(
      fc.property(validName, (name) => {
        expect(topicNameProblem(name)).toBeUndefined();
        expect(isSystemTopic(name)).toBe(name.startsWith('$'));
      }),
    );
  });

  it('a wildcard anywhere in a name is refused, even as a whole level', () => {
    fc.assert(
      fc.property(validName, wildcard, fc.nat(), (name, mark, position) => {
        expect(topicNameProblem(insertAt(name, position, mark))).toBe("must not contain wildcards ('+' or '#')");
      }),
    );
  });

  it('a NUL anywhere in a name is refused', () => {
    fc.assert(
      fc.property(validName, fc.nat(), (name, position) => {
        expect(topicNameProblem(insertAt(name, position, '\u0000'))).toBe('must not contain NUL characters');
      }),
    );
  });

  it('multi-byte names are accepted up to 65,535 bytes of UTF-8 and refused beyond, fewer characters though they are', () => {
    fc.assert(
      fc.property(nearTheLimit, ([character, offset]) => {
        const name = textOfBytes(character, MQTT_TOPIC_MAX_BYTES + offset);
        expect([...name].length).toBeLessThan(MQTT_TOPIC_MAX_BYTES);
        expect(topicNameProblem(name)).toBe(offset > 0 ? 'must be at most 65535 bytes of UTF-8' : undefined);
      }),
    );
  });
});
