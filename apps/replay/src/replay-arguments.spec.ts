import { parseReplayArguments, UsageError } from './replay-arguments.js';

const STREAM_TYPES = ['tenant', 'user'];
const parse = (...args: string[]) => parseReplayArguments(args, STREAM_TYPES);

describe('npm run replay arguments', () => {
  it('a position range with a stream type and a topic is read whole', () => {
    expect(parse('--from', '10', '--to', '20', '--type', 'user', '--to-topic', 'replay.users')).toEqual({
      from: { position: 10n },
      to: { position: 20n },
      streamType: 'user',
      toTopic: 'replay.users',
    });
  });

  it('only --from is required, also written --from=value', () => {
    expect(parse('--from=0')).toEqual({ from: { position: 0n }, to: undefined, streamType: undefined, toTopic: undefined });
  });

  it('an ISO time with a zone is kept as written, microseconds included, for Postgres to read', () => {
    expect(parse('--from', '2026-01-31T08:00:00.123456Z', '--to', '2026-01-31T10:00+01:00')).toMatchObject({
      from: { time: '2026-01-31T08:00:00.123456Z' },
      to: { time: '2026-01-31T10:00+01:00' },
    });
  });

  it.each([
    [[], '--from is required'],
    [['--from'], '--from needs a value'],
    [['--from', '1', '--from', '2'], '--from is given twice'],
    [['--from', '1', 'extra'], 'unknown argument "extra"'],
    [['--from', '-1'], 'is neither a log position'],
    [['--from', '99999999999999999999'], 'is neither a log position'],
    [['--from', 'yesterday'], 'is neither a log position'],
    [['--from', '2026-01-31T08:00:00'], 'is neither a log position'],
    [['--from', '2026-02-30T08:00:00Z'], 'is neither a log position'],
    [['--from', '20', '--to', '10'], '--from 20 is after --to 10'],
    [['--from', '2026-02-01T00:00Z', '--to', '2026-01-01T00:00Z'], 'is after --to'],
    [['--from', '1', '--type', 'tenants'], '--type "tenants" is not a stream type; the stream types are tenant, user'],
    [['--from', '1', '--type', 'constructor'], 'is not a stream type'],
    [['--from', '1', '--to-topic', 'a/b'], 'is not a Kafka topic name'],
    [['--from', '1', '--to-topic', '..'], 'is not a Kafka topic name'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
  });
});
