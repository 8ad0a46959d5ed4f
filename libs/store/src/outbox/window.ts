/**
 * Runs `task` over `items` with at most `size` in flight, starting the next the moment one
 * finishes — a sliding window, not chunks: one slow JetStream ack holds one slot, not the rest of
 * its chunk. Results are in input order. After a failure nothing new starts; the tasks in flight
 * settle, then the first error is thrown.
 */
export async function inWindow<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
