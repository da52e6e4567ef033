import { InvalidSettingsError, loadSettings, type Settings } from '#libs/config';
import { createLogger, type Logger } from '#libs/runtime';

/**
 * The life of a process: validated settings (a bad value stops it with a clear message), a logger,
 * and a clean stop on SIGINT/SIGTERM.
 */
export async function runProcess(start: (settings: Settings, logger: Logger) => Promise<{ close(): Promise<void> }>): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error;
    process.stderr.write(`robustmq-admin cannot start: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(settings);
  try {
    const running = await start(settings, logger);
    const stop = async (signal: string) => {
      logger.info({ signal }, 'stopping');
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', (signal) => void stop(signal));
    process.once('SIGTERM', (signal) => void stop(signal));
  } catch (error) {
    logger.fatal({ err: error }, 'robustmq-admin failed to start');
    process.exit(1);
  }
}
