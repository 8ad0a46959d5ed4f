/**
 * Runs a background task every `intervalMs` until stopped — at once again while it reports
 * work done (a backlog drains without waiting), and never two runs at a time. A failed run is
 * reported to `onError` and the schedule goes on.
 *
 * @example
 * const sweeper = startPeriodic(() => expireTransfers(transfers), 60_000);
 * await sweeper.stop();
 */
export function startPeriodic(
  task: () => Promise<number>,
  intervalMs: number,
  onError: (error: unknown) => void = () => undefined,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch((error: unknown) => {
        onError(error);
        return 0;
      })
      .then((done) => {
        if (!stopped) timer = setTimeout(tick, done > 0 ? 0 : intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
