import type { Model, mongo } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key.js';

/**
 * Inserts documents the caller believes absent, in one command (an insert is ~17× cheaper than
 * an upsert on FerretDB, whose upsert is a read and a write under a collection lock), and returns
 * the `_id`s that were there after all (a write retried after a crash, another writer first) for
 * the caller to write its other way. Every other document is inserted whatever the duplicates.
 */
export async function insertNew<T extends { _id: string }>(model: Model<any>, docs: readonly T[]): Promise<string[]> {
  if (docs.length === 0) return [];
  try {
    await model.collection.insertMany(docs as unknown as mongo.OptionalId<mongo.Document>[], { ordered: false });
    return [];
  } catch (error) {
    const writeErrors = duplicateWriteErrors(error);
    if (!writeErrors) throw error;
    return writeErrors.map((index) => docs[index]!._id);
  }
}

/** The indexes of the documents an unordered insert found already there, or null if it failed otherwise. */
function duplicateWriteErrors(error: unknown): number[] | null {
  const e = error as { writeErrors?: unknown; code?: number } | null;
  const raw = e?.writeErrors;
  if (raw === undefined) return null;
  const list = (Array.isArray(raw) ? raw : [raw]) as Array<{ index: number; code?: number; errmsg?: string }>;
  if (list.length === 0 || !list.every((w) => isDuplicateKeyError({ code: w.code, message: w.errmsg }))) return null;
  return list.map((w) => w.index);
}
