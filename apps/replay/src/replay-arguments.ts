export const USAGE = `usage: npm run replay -- --from <position|ISO time> [--to <position|ISO time>] [--type <stream type>] [--to-topic <name>]
  --from      the first log position, or the first event recorded at or after this time (e.g. 2026-01-31T08:00:00Z)
  --to        the last log position, or the last event recorded at or before this time (default: the log's last event)
  --type      only events of this stream type (tenant, user, ...)
  --to-topic  send every record to this one topic (default: each event's usual topic)`;

/** A bound of the range: a log position, or an ISO 8601 time (kept as text, so Postgres reads its microseconds). */
export type RangeBound = { position: bigint } | { time: string };

export interface ReplayArguments {
  from: RangeBound;
  to: RangeBound | undefined;
  streamType: string | undefined;
  toTopic: string | undefined;
}

/** Arguments that cannot be run: the message says why. */
export class UsageError extends Error {}

const FLAGS = ['--from', '--to', '--type', '--to-topic'] as const;
type Flag = (typeof FLAGS)[number];

const POSITION = /^\d{1,19}$/;
const MAX_POSITION = 2n ** 63n - 1n;
/** A date, a time to the minute at least, and a zone: a time without one would depend on the machine's. */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Kafka's rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * `--from <bound> [--to <bound>] [--type <stream type>] [--to-topic <name>]`, each flag at most once,
 * also as `--flag=value`. `streamTypes` are the stream types the code defines.
 */
export function parseReplayArguments(args: readonly string[], streamTypes: readonly string[]): ReplayArguments {
  const given = new Map<Flag, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const flag = FLAGS.find((candidate) => candidate === name);
    if (!flag) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    if (given.has(flag)) throw new UsageError(`${flag} is given twice`);
    const value = equals > 0 ? arg.slice(equals + 1) : args[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    given.set(flag, value);
  }
  const fromText = given.get('--from');
  if (fromText === undefined) throw new UsageError('--from is required');
  const from = parseBound('--from', fromText);
  const toText = given.get('--to');
  const to = toText === undefined ? undefined : parseBound('--to', toText);
  if (to && isAfter(from, to)) throw new UsageError(`--from ${fromText} is after --to ${toText}`);
  const streamType = given.get('--type');
  if (streamType !== undefined && !streamTypes.includes(streamType)) {
    throw new UsageError(`--type ${JSON.stringify(streamType)} is not a stream type; the stream types are ${streamTypes.join(', ')}`);
  }
  const toTopic = given.get('--to-topic');
  if (toTopic !== undefined && (!TOPIC_NAME.test(toTopic) || toTopic === '.' || toTopic === '..')) {
    throw new UsageError(`--to-topic ${JSON.stringify(toTopic)} is not a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)`);
  }
  return { from, to, streamType, toTopic };
}

function parseBound(flag: Flag, text: string): RangeBound {
  if (POSITION.test(text) && BigInt(text) <= MAX_POSITION) return { position: BigInt(text) };
  const time = ISO_TIME.exec(text);
  if (time && isCalendarDate(Number(time[1]), Number(time[2]), Number(time[3]))) return { time: text };
  throw new UsageError(
    `${flag} ${JSON.stringify(text)} is neither a log position (0-${MAX_POSITION}) nor an ISO 8601 time with a zone (2026-01-31T08:00:00Z)`,
  );
}

/** Whether the day exists (no 31 April, no 29 February outside leap years). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Bounds of one kind compare; a position and a time are compared once the time is found in the log. */
function isAfter(from: RangeBound, to: RangeBound): boolean {
  if ('position' in from && 'position' in to) return from.position > to.position;
  if ('time' in from && 'time' in to) return Date.parse(from.time) > Date.parse(to.time);
  return false;
}
