import type { ChildProcess } from 'node:child_process';

/**
 * How long to wait before starting a crashed process again: 1 s, then doubling with each crash
 * in a row, at most 30 s. A process that stayed up for a minute has recovered: its next crash
 * counts as the first again.
 */
export function restartDelayMs(crashesInARow: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, crashesInARow - 1));
}
const HEALTHY_AFTER_MS = 60_000;

export interface Supervised {
  /** Stops supervising and the process (SIGTERM, SIGKILL after the timeout). */
  stop(timeoutMs?: number): Promise<void>;
  /** The process running now. */
  readonly current: ChildProcess;
  /** How often it was started again. */
  readonly restarts: number;
}

/**
 * Keeps one process running, as a process supervisor would: when it exits on its own it is
 * started again after a backoff, and why is reported (exit code or signal). Only `stop()` ends it.
 */
export function supervise(options: {
  name: string;
  start: () => ChildProcess;
  report: (line: string) => void;
  delayMs?: (crashesInARow: number) => number;
  healthyAfterMs?: number;
}): Supervised {
  const delayFor = options.delayMs ?? restartDelayMs;
  const healthyAfter = options.healthyAfterMs ?? HEALTHY_AFTER_MS;
  let stopped = false;
  let crashes = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: ChildProcess;

  const launch = () => {
    const startedAt = Date.now();
    current = options.start();
    current.once('exit', (code, signal) => {
      if (stopped) return;
      crashes = Date.now() - startedAt >= healthyAfter ? 1 : crashes + 1;
      const delay = delayFor(crashes);
      options.report(
        `[${options.name}] exited (${signal ?? `code ${code}`}); starting it again in ${Math.round(delay / 1000)} s (crash ${crashes} in a row)`,
      );
      timer = setTimeout(() => {
        if (stopped) return;
        restarts += 1;
        launch();
      }, delay);
    });
  };
  launch();

  return {
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    async stop(timeoutMs = 15_000) {
      stopped = true;
      clearTimeout(timer);
      const child = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
