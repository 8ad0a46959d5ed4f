import type { Connection } from 'mongoose';
import { bulkWriteInChunks } from '@zhtj/bus';
import { nameGrams } from '../domain/org-name-search.js';
import type { Orgs } from '../usecases/org-store.js';

const MIGRATION = 'org-name-grams-1';

/**
 * Orgs stored before the search by name existed get their names' pairs, once per database (a
 * marker in `migrations` says it was done; every later start reads one document). Each write is
 * guarded on the name it was computed from, so a rename meanwhile keeps its own pairs; replicas
 * starting together do the same writes.
 */
export async function backfillNameGrams(connection: Connection, orgs: Orgs): Promise<number> {
  const migrations = connection.db!.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await migrations.findOne({ _id: MIGRATION })) return 0;
  let written = 0;
  for (;;) {
    const batch = await orgs
      .find({ nameGrams: { $exists: false } })
      .limit(500)
      .select('_id name')
      .lean<Array<{ _id: string; name: string }>>();
    if (batch.length === 0) break;
    await bulkWriteInChunks(
      orgs,
      batch.map((o) => ({
        updateOne: { filter: { _id: o._id, name: o.name }, update: { $set: { nameGrams: nameGrams(o.name) } } },
      })) as never,
    );
    written += batch.length;
  }
  await migrations.updateOne({ _id: MIGRATION }, { $set: { doneAt: new Date() } }, { upsert: true });
  return written;
}
