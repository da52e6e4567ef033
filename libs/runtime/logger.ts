import { type DestinationStream, pino, type Logger } from 'pino';
import type { Settings } from '#libs/config';

export type { Logger };

/**
 * Fields of a Postgres error that quote the data of the failing statement: `detail` a key's values,
 * `where` the JSON text around a bad character, `internalQuery` a query with its values. Data may be a
 * password: they are never logged; the code, message, table and constraint say what failed.
 */
const DATA_QUOTING_ERROR_FIELDS = ['detail', 'where', 'internalQuery'];

function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (serialized === null || typeof serialized !== 'object') return serialized;
  return Object.fromEntries(Object.entries(serialized).filter(([field]) => !DATA_QUOTING_ERROR_FIELDS.includes(field)));
}

/** Structured JSON logs on stdout (or on `destination`, which tests read); one logger for the whole process. */
export function createLogger(settings: Pick<Settings, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: settings.logLevel, base: { service: 'robustmq-admin' }, serializers: { err: serializeError } };
  return destination ? pino(options, destination) : pino(options);
}
