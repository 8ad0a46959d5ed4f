import type { Model } from 'mongoose';
import type { EventEnvelope, OrgPlace, RoleGrant } from '@zhtj/contracts';
import { pushEvents } from '@zhtj/bus';
import { AppError, DuplicateKeyError, rethrowDuplicateKey } from '@zhtj/service-kit';
import { nameGrams } from '../domain/org-name-search.js';
import { shiftNameGramCounts } from '../store/name-gram-count.model.js';
import type { OrgDocument } from '../store/org.model.js';
import { toOrgView } from './org-view.js';

export type Orgs = Model<OrgDocument>;

export function placeOf(org: Pick<OrgDocument, '_id' | 'ancestors'>): OrgPlace {
  return { id: org._id, ancestors: org.ancestors };
}

export async function loadOrg(orgs: Orgs, id: string): Promise<OrgDocument> {
  const org = await orgs.findById(id).lean<OrgDocument>();
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org;
}

/** CONFLICT carrying the org as it is now, so the editor can merge and retry without losing work. */
export function conflictWith(org: OrgDocument, roles: readonly RoleGrant[]): AppError {
  return new AppError('CONFLICT', { extensions: { current: toOrgView(org, roles) } });
}

/**
 * Writes a change and its events in one single-document update, guarded on the version the
 * change was computed from. Losing the race gives CONFLICT with the current state; a name that
 * clashes with a sibling gives ORG_NAME_TAKEN.
 */
export async function updateOrgAt(
  orgs: Orgs,
  org: OrgDocument,
  change: { $set?: Record<string, unknown>; $unset?: Record<string, ''>; $push?: Record<string, unknown> },
  events: EventEnvelope[],
  roles: readonly RoleGrant[],
): Promise<OrgDocument> {
  const update: Record<string, unknown> = { $inc: { version: 1 } };
  // A new name is found by its own pairs of characters.
  const $set = typeof change.$set?.name === 'string' ? { ...change.$set, nameGrams: nameGrams(change.$set.name) } : change.$set;
  if ($set && Object.keys($set).length > 0) update.$set = $set;
  if (change.$unset && Object.keys(change.$unset).length > 0) update.$unset = change.$unset;
  update.$push = { ...change.$push, ...pushEvents(...events).$push };
  let updated: OrgDocument | null;
  try {
    updated = await orgs
      .findOneAndUpdate({ _id: org._id, version: org.version }, update, { returnDocument: 'after' })
      .lean<OrgDocument>()
      .catch(rethrowDuplicateKey);
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      throw new AppError('ORG_NAME_TAKEN', { params: { name: String(change.$set?.name ?? org.name) } });
    }
    throw error;
  }
  if (!updated) throw conflictWith(await loadOrg(orgs, org._id), roles);
  if ($set?.nameGrams) await shiftNameGramCounts(orgs.db, updated.nameGrams, org.nameGrams ?? []).catch(() => undefined);
  return updated;
}
