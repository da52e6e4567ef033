import { MQTT_TOPIC_MAX_BYTES, isSystemTopic, topicFilterProblem, topicNameProblem } from './mqtt-topics.js';

describe('MQTT topic filters', () => {
  it.each(['a/b/c', '#', '+', 'a/+/c', 'a/#', '+/+/#', '$SYS/#', '$share/group/a/+', 'a//b', '/a', 'a/', '/', 'ü/€/😀'])(
    '%s is a valid filter',
    (filter) => expect(topicFilterProblem(filter)).toBeUndefined(),
  );

  it.each([
    ['a+/b', "'+' must be a whole level"],
    ['a/b+', "'+' must be a whole level"],
    ['a/++', "'+' must be a whole level"],
    ['a/b#', "'#' must be a whole level"],
    ['##', "'#' must be a whole level"],
    ['a/#/b', "'#' must be the last level"],
    ['#/', "'#' must be the last level"],
    ['', 'must not be empty'],
    ['a/\u0000', 'must not contain NUL characters'],
    ['a/\ud800', 'must not contain unpaired surrogates'],
  ])('%j is refused: %s', (filter, problem) => expect(topicFilterProblem(filter)).toBe(problem));

  it('counts UTF-8 bytes, not characters: 21,845 three-byte characters fit, one more does not', () => {
    expect(topicFilterProblem('€'.repeat(21_845))).toBeUndefined();
    expect(topicFilterProblem('€'.repeat(21_846))).toBe('must be at most 65535 bytes of UTF-8');
    expect(topicFilterProblem('a'.repeat(MQTT_TOPIC_MAX_BYTES))).toBeUndefined();
  });
});

describe('MQTT topic names', () => {
  it.each(['a/b/c', '$SYS/brokers', 'a//b', '/a', 'sensor/ü/€'])('%s is a valid name', (name) =>
    expect(topicNameProblem(name)).toBeUndefined(),
  );

  it.each([
    ['a/+/c', "must not contain wildcards ('+' or '#')"],
    ['a/#', "must not contain wildcards ('+' or '#')"],
    ['a#b', "must not contain wildcards ('+' or '#')"],
    ['', 'must not be empty'],
    ['a\u0000b', 'must not contain NUL characters'],
    ['😀'.repeat(16_384), 'must be at most 65535 bytes of UTF-8'],
  ])('%j is refused: %s', (name, problem) => expect(topicNameProblem(name)).toBe(problem));

  it('a name starting with $ is a system topic; one with $ elsewhere is not', () => {
    expect(isSystemTopic('$SYS/brokers')).toBe(true);
    expect(isSystemTopic('$share')).toBe(true);
    expect(isSystemTopic('a/$SYS')).toBe(false);
  });
});
