import type { Connection } from 'mongoose';
import { nameGrams } from '../domain/org-name-search.js';
import type { Model } from 'mongoose';
import type { OrgDocument } from './org.model.js';

type Orgs = Model<OrgDocument>;
import { nameGramCountModel } from './name-gram-count.model.js';
import { bulkWriteInChunks } from '@zhtj/store';

const MIGRATION = 'org-name-grams-1';
const COUNTS_MIGRATION = 'org-name-gram-counts-1';

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

/**
 * The counts of each pair over every org, computed once per database after the pairs exist (then
 * kept up by creates and renames): the orgs are read a page of 1,000 at a time by id.
 */
export async function countNameGrams(connection: Connection, orgs: Orgs): Promise<number> {
  const migrations = connection.db!.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await migrations.findOne({ _id: COUNTS_MIGRATION })) return 0;
  const counts = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await orgs
      .find(after ? { _id: { $gt: after } } : {})
      .sort({ _id: 1 })
      .limit(1000)
      .select('_id nameGrams')
      .lean<Array<{ _id: string; nameGrams?: string[] }>>();
    for (const org of page) for (const gram of org.nameGrams ?? []) counts.set(gram, (counts.get(gram) ?? 0) + 1);
    if (page.length < 1000) break;
    after = page.at(-1)!._id;
  }
  const all = [...counts];
  for (let i = 0; i < all.length; i += 1000)
    await bulkWriteInChunks(
      nameGramCountModel(connection),
      all.slice(i, i + 1000).map(([gram, n]) => ({
        updateOne: { filter: { _id: gram }, update: { $set: { orgs: n } }, upsert: true },
      })) as never,
    );
  await migrations.updateOne({ _id: COUNTS_MIGRATION }, { $set: { doneAt: new Date() } }, { upsert: true });
  return counts.size;
}
