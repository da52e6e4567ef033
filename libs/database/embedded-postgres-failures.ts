import { readFile } from 'node:fs/promises';
import { StartupError } from '#libs/config';

/** What went wrong, on one line: a failed command's stderr, else the error's message. */
export function oneLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message?: string };
  return (stderr?.trim() || message || String(error)).replace(/\s+/g, ' ').trim();
}

/** A full disk, wherever it was noticed (`where`: a folder, or the failed call). */
export function diskFull(where: string): string {
  return `the disk is full (${where}): free some space, or choose a DATA_DIR on another disk, and start again`;
}

/** The causes an operator can fix, recognised in the output of initdb and pg_ctl or in the server's log. */
export function explainFailure(
  output: string,
  context: { dataDir: string; port: number; portConfigured: boolean; user: string },
): string | undefined {
  if (/No space left on device/i.test(output)) return diskFull(context.dataDir);
  if (/Address already in use|could not create any TCP\/IP sockets/i.test(output)) {
    return context.portConfigured
      ? `port ${context.port} (EMBEDDED_POSTGRES_PORT) is taken by another program: stop it, or set EMBEDDED_POSTGRES_PORT to a free port (0 picks one)`
      : `port ${context.port}, free a moment before, was taken by another program before the embedded Postgres could listen on it: start again`;
  }
  if (/Permission denied|wrong ownership|must be owned by/i.test(output)) {
    const line = output.split('\n').find((text) => /Permission denied|ownership|owned by/i.test(text)) ?? output;
    return `the user ${context.user}, which runs the embedded Postgres, was refused access in ${context.dataDir} (${line.replace(/\s+/g, ' ').trim()}): give that user the data folder, or choose another DATA_DIR`;
  }
  if (/exists but is not empty/i.test(output)) {
    return `${context.dataDir}/postgres exists but holds no Postgres cluster: remove it, or choose another DATA_DIR`;
  }
  return undefined;
}

/** A start-up failure of the server, explained from the lines it wrote to its log during this attempt. */
export async function serverStartFailure(
  error: unknown,
  logFile: string,
  logOffset: number,
  context: Parameters<typeof explainFailure>[1],
): Promise<StartupError> {
  const log = (await readFile(logFile).catch(() => Buffer.alloc(0))).subarray(logOffset).toString('utf8');
  const explained = explainFailure(`${log}\n${oneLine(error)}`, context);
  if (explained) return new StartupError(explained, { cause: error });
  const fatal = log.split('\n').find((line) => /FATAL|PANIC/.test(line)) ?? oneLine(error);
  return new StartupError(`the embedded Postgres did not start (${fatal.trim()}); its log is ${logFile}`, { cause: error });
}
