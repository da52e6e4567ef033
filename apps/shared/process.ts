import { InvalidSettingsError, loadSettings, type Settings, StartupError } from '#libs/config';
import { createLogger, type Logger } from '#libs/runtime';

/**
 * The life of a process: validated settings (a bad value stops it with a clear message), a logger,
 * and a clean stop on SIGINT, SIGTERM or SIGHUP: `close()` (requests finish, workers commit their
 * batch and release their locks, connections close), then exit code 0; a stop that takes longer than
 * STOP_TIMEOUT_MS ends with exit code 1.
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
  let running: { close(): Promise<void> } | undefined;
  let stopping = false;
  const closeAndExit = async () => {
    // A stop that hangs must not keep the process (and the embedded Postgres) alive for ever.
    setTimeout(() => {
      logger.error({ afterMs: settings.stopTimeoutMs }, 'robustmq-admin did not stop in time');
      process.exit(1);
    }, settings.stopTimeoutMs).unref();
    try {
      await running?.close();
    } catch (error) {
      logger.error({ err: error }, 'robustmq-admin did not stop cleanly');
      process.exit(1);
    }
    logger.info({}, 'stopped');
    process.exit(0);
  };
  const stop = (signal: NodeJS.Signals) => {
    // The same Ctrl-C can arrive twice: from the terminal and relayed by npm.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // During start-up, the stop waits for it to finish, so that nothing it started is left running.
    if (running) void closeAndExit();
  };
  // SIGHUP too: a closed terminal must not leave the embedded Postgres running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  try {
    running = await start(settings, logger);
  } catch (error) {
    if (error instanceof StartupError) logger.fatal({}, `robustmq-admin cannot start: ${error.message}`);
    else logger.fatal({ err: error }, 'robustmq-admin failed to start');
    process.exit(1);
  }
  if (stopping) await closeAndExit();
}
