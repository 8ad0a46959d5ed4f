import { AppError } from '@zhtj/contracts';

/**
 * Opaque cursors for key-ordered lists. A page asks for `_id > after` in `_id` order, so its cost
 * is the page, not the position in the list (no skip).
 */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

/** The key a cursor continues after; a cursor that was not made by encodeCursor is a 400. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (parsed as { after?: unknown } | null)?.after;
    if (typeof after === 'string' && after.length > 0 && after.length <= 100) return after;
  } catch {
    // falls through to the refusal
  }
  throw new AppError('VALIDATION_FAILED', { errors: [{ path: 'cursor', code: 'VALIDATION_FAILED' }] });
}

/** Cuts the `limit + 1` documents a query fetched into a page and the cursor of the next one. */
export function toPage<T extends { _id: string }>(docs: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = docs.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: docs.length > limit && last ? encodeCursor(last._id) : null };
}
