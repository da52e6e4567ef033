import type { RebuildProgress } from '#libs/read-models';

const BAR_WIDTH = 30;
/** How often a plain progress line is written when the output is not a terminal (a log file, CI). */
const LINE_INTERVAL_MS = 2_000;
const number = new Intl.NumberFormat('en-US');

export interface ProgressPrinter {
  update(progress: RebuildProgress): void;
  /** Ends the bar's line, so what follows starts on a line of its own. */
  finish(): void;
}

/**
 * The rebuild's progress and rate on `out`: on a terminal a bar redrawn in place; otherwise a plain
 * line every few seconds and at each change of phase.
 */
export function progressPrinter(out: NodeJS.WriteStream): ProgressPrinter {
  const started = performance.now();
  let lastLineAt = -Infinity;
  let lastPhase: RebuildProgress['phase'] | undefined;
  let drawn = false;
  return {
    update(progress) {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(progress.applied / seconds) : 0;
      const share = progress.total > 0 ? progress.applied / progress.total : 1;
      const counts = `${number.format(progress.applied)}/${number.format(progress.total)} events, ${number.format(rate)} events/s`;
      if (out.isTTY) {
        const filled = Math.round(share * BAR_WIDTH);
        out.write(
          `\r${progress.phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent(share)} ${counts}\u001b[K`,
        );
        drawn = true;
        return;
      }
      const now = performance.now();
      if (progress.phase === lastPhase && now - lastLineAt < LINE_INTERVAL_MS) return;
      lastPhase = progress.phase;
      lastLineAt = now;
      out.write(`rebuild: ${progress.phase} ${percent(share)} ${counts}\n`);
    },
    finish() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

function percent(share: number): string {
  return `${Math.floor(Math.min(1, share) * 100)}%`.padStart(4);
}
