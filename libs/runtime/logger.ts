import { pino, type Logger } from 'pino';
import type { Settings } from '#libs/config';

export type { Logger };

/** Structured JSON logs on stdout; one logger for the whole process. */
export function createLogger(settings: Pick<Settings, 'logLevel'>): Logger {
  return pino({ level: settings.logLevel, base: { service: 'robustmq-admin' } });
}
