import type { Model } from 'mongoose';
import { decodeCursor, toPage } from './cursor.js';

/** What a list route asks for: where to continue (an opaque cursor) and how many. */
export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface KeysetPageOptions {
  /** `_id` ascending (the default), or descending: newest first for time-ordered ids (UUIDv7). */
  order?: 'ascending' | 'descending';
  /** Fields to leave out or keep, as mongoose's `select` takes them (e.g. '-outbox -outboxLock'). */
  select?: string;
}

/**
 * One page of a list in `_id` order: the documents after the cursor's key that match `filter`,
 * `limit + 1` fetched to know whether more follow. The cost is the page, not its position (no
 * skip), given an index that ends in `_id` after the filter's equality keys — and on the embedded
 * store, a filter it pushes down whole (see libs/testkit's FerretDB patches).
 *
 * The filter must not constrain `_id` itself: the cursor does.
 */
export async function keysetPage<T extends { _id: string }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  page: PageRequest,
  options: KeysetPageOptions = {},
): Promise<Page<T>> {
  if ('_id' in filter) throw new Error('keysetPage: the filter constrains _id, which the cursor owns');
  const descending = options.order === 'descending';
  const after = decodeCursor(page.cursor);
  const query = model
    .find(after ? { ...filter, _id: { [descending ? '$lt' : '$gt']: after } } : filter)
    .sort({ _id: descending ? -1 : 1 })
    .limit(page.limit + 1);
  if (options.select) query.select(options.select);
  return toPage(await query.lean<T[]>(), page.limit);
}
