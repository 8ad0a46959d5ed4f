import type { Model } from 'mongoose';
import type { AdminScope, EventEnvelope, ManageScope, MemberOfScope, OrgPlace, OrgType, ViewScope } from '@zhtj/contracts';
import { nameGrams } from '../domain/org-name-search.js';
import { nameGramCounts, shiftNameGramCounts } from './name-gram-count.model.js';
import type { OrgDocument } from './org.model.js';
import {
  pushEvents,
  toOutboxEntries,
  DuplicateKeyError,
  keysetPage,
  rethrowDuplicateKey,
  type Page,
  type PageRequest,
} from '@zhtj/store';
import { AppError } from '@zhtj/contracts';

export function placeOf(org: Pick<OrgDocument, '_id' | 'ancestors'>): OrgPlace {
  return { id: org._id, ancestors: org.ancestors };
}

/** An org and the caller's proof of authority over it, as `get` hands them out together. */
export interface AuthorizedOrg<S> {
  org: OrgDocument;
  scope: S;
}

/** A new child as the use case builds it; its place comes from the parent's scope. */
export type NewOrg = Omit<
  OrgDocument,
  'ancestors' | 'depth' | 'parentId' | 'nameGrams' | 'secretaryHistory' | 'outbox' | 'createdAt' | 'updatedAt'
>;

export type OrgChange = { $set?: Record<string, unknown>; $unset?: Record<string, ''>; $push?: Record<string, unknown> };

/** What a search by name reads: one pair's active orgs after a key, in `_id` order. */
export interface NameSearchBatch {
  gram: string;
  types?: readonly OrgType[] | undefined;
  within?: string | undefined;
  after?: string | undefined;
  limit: number;
}

type Summary = Pick<OrgDocument, '_id' | 'name' | 'shortName' | 'type'>;
const LIST_FIELDS = '-outbox -outboxLock -secretaryHistory';

/**
 * The only code that queries the orgs collection (and keeps the name-pair counts of the search in
 * step with it). Caller-facing reads and writes take a scope that only the authority rules make,
 * or hand an org out only with the scope the caller proved over it; `record` and the search serve
 * commands and the public search, which show no more than names.
 */
export class OrgRepository {
  constructor(private readonly model: Model<OrgDocument>) {}

  /** The org, with the scope `authorize` proves over it (which throws the refusal when there is none). */
  async get<S>(id: string, authorize: (org: OrgDocument) => S): Promise<AuthorizedOrg<S>> {
    const org = await this.record(id);
    if (!org) throw new AppError('ORG_NOT_FOUND');
    return { org, scope: authorize(org) };
  }

  /** The stored org or null, for commands acting on the system's authority. */
  record(id: string): Promise<OrgDocument | null> {
    return this.model.findById(id).lean<OrgDocument>();
  }

  /** For the development seed: the id of the org named `name` under `parentId` (null: a root), if any. */
  async idOfChildNamed(parentId: string | null, name: string): Promise<string | undefined> {
    const found = await this.model.findOne({ parentId, name }).select('_id').lean<Pick<OrgDocument, '_id'>>();
    return found?._id;
  }

  /** For the development seed: an org written as given (its place included), with its events. */
  async insertForSystem(
    org: Omit<OrgDocument, 'nameGrams' | 'secretaryHistory' | 'outbox' | 'createdAt' | 'updatedAt'>,
    events: EventEnvelope[],
  ): Promise<void> {
    const created = await this.model.create({ ...org, outbox: toOutboxEntries(events) });
    await shiftNameGramCounts(this.model.db, created.nameGrams).catch(() => undefined);
  }

  /** A new child of the scope's org, with its `org.created`; a sibling's name is ORG_NAME_TAKEN. */
  async createChild(parent: AdminScope, org: NewOrg, event: EventEnvelope): Promise<OrgDocument> {
    const ancestors = [...parent.ancestors, parent.id];
    try {
      const created = await this.model
        .create({ ...org, parentId: parent.id, ancestors, depth: ancestors.length, outbox: toOutboxEntries([event]) })
        .catch(rethrowDuplicateKey);
      // The search's statistic, after the org is written (a failure here costs a search some reading, no more).
      await shiftNameGramCounts(this.model.db, created.nameGrams).catch(() => undefined);
      return created.toObject();
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new AppError('ORG_NAME_TAKEN', { params: { name: org.name } });
      throw error;
    }
  }

  /**
   * Writes a change and its events in one single-document update, guarded on the version the
   * change was computed from. Losing the race gives CONFLICT with the org as it is now (shown by
   * `view`); a name that clashes with a sibling gives ORG_NAME_TAKEN. The scope must be the org's.
   */
  async saveWithEvents(
    scope: ManageScope,
    org: OrgDocument,
    change: OrgChange,
    events: EventEnvelope[],
    view: (current: OrgDocument) => unknown,
  ): Promise<OrgDocument> {
    if (scope.id !== org._id) throw new Error(`org ${org._id} written under the scope of ${scope.id}`);
    const update: Record<string, unknown> = { $inc: { version: 1 } };
    // A new name is found by its own pairs of characters.
    const $set = typeof change.$set?.name === 'string' ? { ...change.$set, nameGrams: nameGrams(change.$set.name) } : change.$set;
    if ($set && Object.keys($set).length > 0) update.$set = $set;
    if (change.$unset && Object.keys(change.$unset).length > 0) update.$unset = change.$unset;
    update.$push = { ...change.$push, ...pushEvents(...events).$push };
    let updated: OrgDocument | null;
    try {
      updated = await this.model
        .findOneAndUpdate({ _id: org._id, version: org.version }, update, { returnDocument: 'after' })
        .lean<OrgDocument>()
        .catch(rethrowDuplicateKey);
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        throw new AppError('ORG_NAME_TAKEN', { params: { name: String(change.$set?.name ?? org.name) } });
      }
      throw error;
    }
    if (!updated) {
      const current = await this.record(org._id);
      if (!current) throw new AppError('ORG_NOT_FOUND');
      throw new AppError('CONFLICT', { extensions: { current: view(current) } });
    }
    if ($set?.nameGrams) await shiftNameGramCounts(this.model.db, updated.nameGrams, org.nameGrams ?? []).catch(() => undefined);
    return updated;
  }

  /** The scope's org's direct children, by id (creation order). */
  children(
    scope: ViewScope | MemberOfScope,
    status: 'active' | 'dissolved' | 'all',
    page: PageRequest,
  ): Promise<Page<OrgDocument>> {
    return keysetPage(this.model, { parentId: scope.id, ...(status === 'all' ? {} : { status }) }, page, { select: LIST_FIELDS });
  }

  /**
   * Every org below the scope's, by id. The query is a range of the `{ ancestors, _id }` index, so
   * a page from the national root costs what a page from a county does.
   */
  subtree(scope: ViewScope, page: PageRequest): Promise<Page<OrgDocument>> {
    return keysetPage(this.model, { ancestors: scope.id }, page, { select: LIST_FIELDS });
  }

  /** The scope's org's active children, by id, for the codes its own admin issues. */
  activeChildren(parent: AdminScope): Promise<Array<Pick<OrgDocument, '_id' | 'name' | 'type'>>> {
    return this.model
      .find({ parentId: parent.id, status: 'active' })
      .sort({ _id: 1 })
      .select('_id name type')
      .lean<Array<Pick<OrgDocument, '_id' | 'name' | 'type'>>>();
  }

  /** Names and types of some orgs (the path above an org a caller can read shows these, nothing more). */
  summaries(ids: readonly string[]): Promise<Summary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.model
      .find({ _id: { $in: [...ids] } })
      .select('_id name shortName type')
      .lean<Summary[]>();
  }

  async hasActiveChild(orgId: string): Promise<boolean> {
    return (await this.model.exists({ parentId: orgId, status: 'active' })) !== null;
  }

  /** The types around an org that a change of its type must fit: its parent's and its active children's. */
  async typesAround(org: OrgDocument): Promise<{ parentType: OrgType | null; childTypes: OrgType[] }> {
    const [parent, children] = await Promise.all([
      org.parentId ? this.model.findById(org.parentId).select('type').lean<Pick<OrgDocument, 'type'>>() : null,
      this.model.find({ parentId: org._id, status: 'active' }).select('type').limit(1000).lean<Pick<OrgDocument, 'type'>[]>(),
    ]);
    return { parentType: parent?.type ?? null, childTypes: children.map((c) => c.type) };
  }

  /** Whether a sibling of the org already has the name. */
  async siblingHasName(org: OrgDocument, name: string): Promise<boolean> {
    return (await this.model.exists({ parentId: org.parentId, name, _id: { $ne: org._id } })) !== null;
  }

  /** How many org names hold each pair (a pair no name holds is absent). */
  nameGramCounts(grams: readonly string[]): Promise<Map<string, number>> {
    return nameGramCounts(this.model.db, grams);
  }

  /** One batch of a search by name (see usecases/search-orgs.ts); names, types and places only. */
  searchBatch(batch: NameSearchBatch): Promise<Array<Pick<OrgDocument, '_id' | 'name' | 'type' | 'ancestors'>>> {
    const filter: Record<string, unknown> = { nameGrams: batch.gram, status: 'active' };
    if (batch.types) filter.type = { $in: batch.types };
    if (batch.within) filter.ancestors = batch.within;
    if (batch.after) filter._id = { $gt: batch.after };
    return this.model
      .find(filter)
      .sort({ _id: 1 })
      .limit(batch.limit)
      .select('_id name type ancestors')
      .lean<Array<Pick<OrgDocument, '_id' | 'name' | 'type' | 'ancestors'>>>();
  }
}
