import { constants } from 'node:os';
import {
  type Projection,
  projections,
  RebuildAlreadyRunningError,
  RebuildInterruptedError,
  rebuildProjections,
  type RebuildResult,
} from '#libs/read-models';
import { createEventStore, openDatabase } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';
import { progressPrinter } from './progress.js';

const NAMES = projections.map((projection) => projection.name);
const USAGE = `usage: npm run rebuild -- (PROJECTION... | all) [--batch-size N]
projections: ${NAMES.join(', ')}`;
const DEFAULT_BATCH_SIZE = 5_000;
/** Readers queue behind the swap's lock request: it lets go and tries again rather than keep them waiting longer. */
const LOCK_WAIT_MS = 800;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Request {
  chosen: Projection[];
  batchSize: number;
}

/**
 * `npm run rebuild -- <projection|all>`: rebuilds read models from position 0 of the log into copies
 * of their tables and swaps them in, while the API keeps answering from the live ones
 * (rebuildProjections). Interrupted (Ctrl-C, SIGTERM, or killed), the live read models are untouched,
 * and a new run starts afresh.
 */
await runProcess(async (settings, logger) => {
  const request = parseArguments(process.argv.slice(2));
  const database = await openDatabase(settings, logger);
  const session = database.newSession();
  await session.connect();
  const abort = new AbortController();
  let interruptedBy: (typeof SIGNALS)[number] | undefined;
  for (const signal of SIGNALS) process.on(signal, () => (interruptedBy ??= signal));

  const printer = progressPrinter(process.stderr);
  const started = performance.now();
  const done = rebuildProjections(database.pool, session, createEventStore(database.pool), request.chosen, {
    batchSize: request.batchSize,
    lockWaitMs: LOCK_WAIT_MS,
    signal: abort.signal,
    onProgress: (progress) => printer.update(progress),
    logger,
  })
    .then(
      (result) => {
        printer.finish();
        printResult(request.chosen, result, (performance.now() - started) / 1000);
        return 0;
      },
      (error: unknown) => {
        printer.finish();
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`rebuild failed: ${message}\n`);
        if (error instanceof RebuildInterruptedError) return 128 + constants.signals[interruptedBy ?? 'SIGINT'];
        if (!(error instanceof RebuildAlreadyRunningError)) logger.error({ err: error }, 'rebuild failed');
        return 1;
      },
    )
    .then(async (code) => {
      await session.end().catch(() => undefined);
      await database.close();
      return code;
    });
  void done.then((code) => process.exit(code));
  return {
    async close() {
      abort.abort();
      process.exit(await done);
    },
  };
});

function printResult(chosen: readonly Projection[], result: RebuildResult, seconds: number): void {
  const rate = seconds > 0 ? Math.round(result.events / seconds) : result.events;
  process.stdout.write(
    `rebuilt ${chosen.map((projection) => projection.name).join(', ')}: ${result.events} events in ${seconds.toFixed(1)} s ` +
      `(${rate} events/s), checkpoint at position ${result.checkpoint.position}` +
      `${result.parked > 0 ? `; ${result.parked} event(s) could not be applied and are parked (npm run parked -- list)` : ''}\n`,
  );
}

function parseArguments(args: readonly string[]): Request {
  const names: string[] = [];
  let batchSize = DEFAULT_BATCH_SIZE;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--batch-size') {
      batchSize = Number(args[++index]);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) usage('--batch-size takes an integer from 1 to 100000');
    } else if (arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  if (names.length === 0) usage();
  if (names.includes('all')) return { chosen: [...projections], batchSize };
  const unknown = names.filter((name) => !NAMES.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown projection ${unknown.map((name) => JSON.stringify(name)).join(', ')}; valid: ${NAMES.join(', ')}, all\n`);
    process.exit(1);
  }
  return { chosen: projections.filter((projection) => names.includes(projection.name)), batchSize };
}

function usage(problem?: string): never {
  process.stderr.write(`${problem ? `${problem}\n` : ''}${USAGE}\n`);
  process.exit(2);
}
