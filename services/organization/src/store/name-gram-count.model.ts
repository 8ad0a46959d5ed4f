import { Schema, type Connection, type Model } from 'mongoose';
import { bulkWriteInChunks } from '@zhtj/store';

/**
 * How many orgs' names hold each pair of characters: the search reads by the query's rarest pair
 * (domain/org-name-search.ts). A statistic, kept up by creates and renames and rebuilt once by
 * the migration; a count that drifted only makes a search read more, never answer wrongly.
 */
export interface NameGramCountDocument {
  _id: string;
  orgs: number;
}

const schema = new Schema<NameGramCountDocument>({ _id: { type: String, required: true }, orgs: Number }, { versionKey: false });

export function nameGramCountModel(connection: Connection): Model<NameGramCountDocument> {
  return (
    connection.models.NameGramCount ?? connection.model<NameGramCountDocument>('NameGramCount', schema, 'org_name_gram_counts')
  );
}

/** Adds one org's pairs (a new name) and takes away another's (the name it replaced). */
export async function shiftNameGramCounts(connection: Connection, added: readonly string[], removed: readonly string[] = []) {
  const change = new Map<string, number>();
  for (const g of added) change.set(g, (change.get(g) ?? 0) + 1);
  for (const g of removed) change.set(g, (change.get(g) ?? 0) - 1);
  const ops = [...change]
    .filter(([, n]) => n !== 0)
    .map(([gram, n]) => ({
      updateOne: { filter: { _id: gram }, update: { $inc: { orgs: n } }, upsert: true },
    }));
  if (ops.length > 0) await bulkWriteInChunks(nameGramCountModel(connection), ops as never);
}

/** The counts of some pairs; a pair no org name holds is not there (0). */
export async function nameGramCounts(connection: Connection, grams: readonly string[]): Promise<Map<string, number>> {
  const docs = await nameGramCountModel(connection)
    .find({ _id: { $in: [...grams] } })
    .lean<NameGramCountDocument[]>();
  return new Map(docs.map((d) => [d._id, d.orgs]));
}
