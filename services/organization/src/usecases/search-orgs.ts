import type { OrgSearchQuery } from '@zhtj/contracts';
import { nameGrams, nameMatches, probeGram } from '../domain/org-name-search.js';
import type { OrgDocument } from '../store/org.model.js';
import type { OrgRepository } from '../store/org.repository.js';
import { decodeCursor, encodeCursor } from '@zhtj/store';

/** Orgs read per query, and per search call at most: a call's cost is bounded, whatever is typed. */
const BATCH = 200;
const MAX_SCANNED = 2_000;

type Candidate = Pick<OrgDocument, '_id' | 'name' | 'type' | 'ancestors'>;

/**
 * Active orgs whose name contains the query. Reads the orgs holding the query's rarest pair of
 * characters (by the counts kept of them) in `_id` order — every part of that filter is an index lookup on MongoDB and
 * pushed down on the patched FerretDB, so each read is a page, not the tree — and keeps the
 * names that contain the whole query. A call stops at `limit` matches or 2,000 orgs read; the
 * cursor continues after the last org read.
 */
export async function searchOrgs(orgs: OrgRepository, query: OrgSearchQuery) {
  const probe = probeGram(query.q, await orgs.nameGramCounts(nameGrams(query.q)));
  let after = decodeCursor(query.cursor);
  const found: Candidate[] = [];
  let scanned = 0;
  let exhausted = false;
  let lastRead: string | undefined;
  while (found.length < query.limit && scanned < MAX_SCANNED) {
    const batch = await orgs.searchBatch({ gram: probe, types: query.types, within: query.within, after, limit: BATCH });
    for (const org of batch) {
      scanned++;
      lastRead = org._id;
      if (nameMatches(org.name, query.q)) found.push(org);
      if (found.length === query.limit) break;
    }
    if (batch.length < BATCH && found.length < query.limit) {
      exhausted = true;
      break;
    }
    after = lastRead;
  }
  // The names above each org found, read at once.
  const above = [...new Set(found.flatMap((o) => o.ancestors))];
  const names = new Map((await orgs.summaries(above)).map((o) => [o._id, o.name]));
  return {
    items: found.map((o) => ({ id: o._id, name: o.name, type: o.type, path: o.ancestors.map((a) => names.get(a) ?? '') })),
    nextCursor: exhausted || !lastRead ? null : encodeCursor(lastRead),
  };
}
