import { type DestinationStream, pino, type Logger } from 'pino';
import type { Settings } from '#libs/config';

export type { Logger };

/** Structured JSON logs on stdout (or on `destination`, which tests read); one logger for the whole process. */
export function createLogger(settings: Pick<Settings, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: settings.logLevel, base: { service: 'robustmq-admin' } };
  return destination ? pino(options, destination) : pino(options);
}
