/**
 * True for MongoDB's E11000. FerretDB 1.24 reports E11000 for inserts but an InternalError for an
 * update that breaks a unique index, with its backend's message (SQLite or PostgreSQL).
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; message?: string } | null;
  if (e?.code === 11000) return true;
  return e?.code === 1 && /UNIQUE constraint failed|duplicate key value violates unique constraint/.test(e.message ?? '');
}
