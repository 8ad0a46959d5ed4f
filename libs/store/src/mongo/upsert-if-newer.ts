import type { Model, QueryFilter } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key.js';

/**
 * The write of every versioned projection (an org, a member, a placement kept from another
 * service's events): sets `fields` and `version` on the document `id` unless it already holds
 * that version or a newer one — so a redelivered, duplicated or out-of-order event changes
 * nothing, and a handler using it is idempotent.
 *
 * With `create` (the default) an unknown `id` is inserted. When the document is there at the same
 * or a newer version, the filter matches nothing and the upsert's insert clashes on `_id`: that
 * clash is the "already newer" answer, not an error.
 *
 * @returns whether this write changed or created the document.
 */
export async function upsertIfNewer<T>(
  model: Model<T>,
  id: string,
  version: number,
  fields: Record<string, unknown>,
  options: { create?: boolean } = {},
): Promise<boolean> {
  try {
    const result = await model.updateOne(
      { _id: id, version: { $lt: version } } as QueryFilter<T>,
      { $set: { ...fields, version } },
      { upsert: options.create ?? true },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
