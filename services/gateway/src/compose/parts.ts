/** A page of a list as the services answer it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A count from the first page of a list: exact below a full page, "at least" from there on. */
export const countOf = (page: Page<unknown>) => ({ count: page.items.length, more: page.nextCursor !== null });

/** The counts of several lists added up. */
export const sumOf = (pages: ReadonlyArray<Page<unknown>>) =>
  pages.reduce((acc, page) => ({ count: acc.count + page.items.length, more: acc.more || page.nextCursor !== null }), {
    count: 0,
    more: false,
  });

/** Waits for every part; a failed one becomes null, and `failed` says that one did. */
export async function settle<T extends Record<string, Promise<unknown>>>(
  parts: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> | null } & { failed: boolean }> {
  const names = Object.keys(parts);
  const results = await Promise.allSettled(Object.values(parts));
  const out: Record<string, unknown> = { failed: false };
  results.forEach((result, i) => {
    out[names[i]!] = result.status === 'fulfilled' ? result.value : null;
    if (result.status === 'rejected') out.failed = true;
  });
  return out as { [K in keyof T]: Awaited<T[K]> | null } & { failed: boolean };
}

const running = (job: { status: string }) => job.status === 'queued' || job.status === 'running';

/**
 * The running imports among pages of recent ones (newest first), as a count like the others:
 * `more` when a page was all running and there were more, so that the count may be short.
 */
export const runningOf = (pages: ReadonlyArray<Page<{ status: string }>>) =>
  pages.reduce(
    (acc, page) => ({
      count: acc.count + page.items.filter(running).length,
      more: acc.more || (page.nextCursor !== null && page.items.every(running)),
    }),
    { count: 0, more: false },
  );
