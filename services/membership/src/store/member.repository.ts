import type { Model } from 'mongoose';
import { type Bus } from '@zhtj/bus';
import {
  scopeCovers,
  type EventEnvelope,
  type MemberProfile,
  type ManageScope,
  type OrgPlace,
  type SelfScope,
  type ViewScope,
  AppError,
} from '@zhtj/contracts';
import type { IdentityCheck, MemberDocument } from './member.model.js';
import {
  bulkWriteInChunks,
  notifyOutboxWrite,
  publishOutboxNow,
  pushEvents,
  isDuplicateKeyError,
  keysetPage,
  type Page,
  type PageRequest,
} from '@zhtj/store';

export const branchPlaceOf = (member: Pick<MemberDocument, 'branchId' | 'branchAncestors'>): OrgPlace => ({
  id: member.branchId,
  ancestors: member.branchAncestors,
});

export interface MemberPageQuery extends PageRequest {
  /** Every branch below the scope's org, or the scope's branch alone. */
  subtree: boolean;
  status: 'active' | 'transferring' | 'all';
  /** The start of the name. */
  namePrefix?: string | undefined;
}

/** A member and the caller's proof of authority over them, as `get` hands them out together. */
export interface Authorized<S> {
  member: MemberDocument;
  scope: S;
}

/** The fields a creation's `member.created` is built from. */
export type CreatedMember = Pick<
  MemberDocument,
  '_id' | 'name' | 'idNumber' | 'branchId' | 'branchAncestors' | keyof MemberProfile
>;
type Settled = Pick<MemberDocument, '_id' | 'name' | 'branchId' | 'branchAncestors' | 'version'>;

/** How many closed transfers a member remembers: more than can be in flight for one person. */
const CLOSED_TRANSFERS_KEPT = 20;
const PROFILE_FIELDS = 'gender birthDate ethnicity politicalStatus educationFullTime educationHighest';
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WITHOUT_OUTBOX = '-outbox -outboxLock';

/**
 * The only code that queries the members collection. What a caller asks for goes through the
 * scoped methods, which take a ViewScope or ManageScope (only the authority check makes one) or
 * hand out a member only with the scope the caller proved over it; the methods under "for the
 * system" serve event handlers, commands and sweepers, which act on the system's own authority.
 */
export class MemberRepository {
  constructor(private readonly model: Model<MemberDocument>) {}

  // ---- for callers --------------------------------------------------------------------------

  /**
   * A member that exists (a removed record is gone for the API), handed out with the scope
   * `authorize` proves over it — which throws the refusal when the caller has none.
   */
  async get<S extends ViewScope | SelfScope>(id: string, authorize: (member: MemberDocument) => S): Promise<Authorized<S>> {
    const member = await this.model.findById(id).lean<MemberDocument>();
    if (!member || member.status === 'removed') throw new AppError('MEMBER_NOT_FOUND');
    return { member, scope: authorize(member) };
  }

  /** The members of the scope's branch, or of every branch below its org, by id. */
  page(scope: ViewScope, query: MemberPageQuery): Promise<Page<MemberDocument>> {
    const filter: Record<string, unknown> = query.subtree ? { branchAncestors: scope.id } : { branchId: scope.id };
    filter.status = query.status === 'all' ? { $ne: 'removed' } : query.status;
    if (query.namePrefix) filter.name = { $regex: `^${escapeRegex(query.namePrefix)}` };
    return keysetPage(this.model, filter, query, { select: WITHOUT_OUTBOX });
  }

  /**
   * Writes a change and its events in one single-document update guarded on the version it was
   * computed from; losing the race gives CONFLICT with the member as it is now (`current`, shown
   * by `view`). The scope must cover the member's branch: anything else is a bug in the caller.
   */
  async saveWithEvents(
    scope: ManageScope,
    member: MemberDocument,
    change: { $set?: Record<string, unknown>; $unset?: Record<string, ''> },
    events: EventEnvelope[],
    view: (current: MemberDocument) => unknown,
  ): Promise<MemberDocument> {
    if (!scopeCovers(scope, branchPlaceOf(member))) {
      throw new Error(`member ${member._id}: the scope of ${scope.id} does not cover branch ${member.branchId}`);
    }
    const update: Record<string, unknown> = { $inc: { version: 1 }, ...pushEvents(...events) };
    if (change.$set && Object.keys(change.$set).length > 0) update.$set = change.$set;
    if (change.$unset && Object.keys(change.$unset).length > 0) update.$unset = change.$unset;
    const updated = await this.model
      .findOneAndUpdate({ _id: member._id, version: member.version }, update, { returnDocument: 'after' })
      .lean<MemberDocument>();
    if (updated) return updated;
    const current = await this.model.findById(member._id).lean<MemberDocument>();
    if (!current || current.status === 'removed') throw new AppError('MEMBER_NOT_FOUND');
    throw new AppError('CONFLICT', { extensions: { current: view(current) } });
  }

  // ---- for the system -----------------------------------------------------------------------

  /** The stored record, removed or not. */
  record(id: string): Promise<MemberDocument | null> {
    return this.model.findById(id).lean<MemberDocument>();
  }

  /** Whether the member exists and is not removed. */
  async isPresent(id: string): Promise<boolean> {
    return (await this.model.exists({ _id: id, status: { $ne: 'removed' } })) !== null;
  }

  /** Whether the record with this id is this person (by ID number). */
  async isPerson(id: string, idNumber: string): Promise<boolean> {
    return (await this.model.exists({ _id: id, idNumber })) !== null;
  }

  /** A change with its event, guarded on the version read; false when another write came first. */
  async writeAt(member: MemberDocument, set: Record<string, unknown>, event: EventEnvelope): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: member._id, version: member.version },
      { $set: set, $inc: { version: 1 }, ...pushEvents(event) },
    );
    return res.modifiedCount === 1;
  }

  /**
   * For the transfer saga — marks the member transferring by `transferId`, with its event, unless
   * that transfer is known closed (its close can come first: replicas share the stream, and a
   * retried delivery loses its place). Guarded on the version read; false when it did not land.
   */
  async openTransfer(member: MemberDocument, transferId: string, event: EventEnvelope): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: member._id, version: member.version, closedTransferIds: { $ne: transferId } },
      { $set: { status: 'transferring', openTransferId: transferId }, $inc: { version: 1 }, ...pushEvents(event) },
    );
    return res.modifiedCount === 1;
  }

  /** Ends the member's open transfer `transferId` (active again), remembering it closed; false when it did not land. */
  async closeOpenTransfer(member: MemberDocument, transferId: string, event: EventEnvelope): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: member._id, version: member.version, openTransferId: transferId },
      {
        $set: { status: 'active', openTransferId: null },
        $inc: { version: 1 },
        $push: { ...pushEvents(event).$push, closedTransferIds: { $each: [transferId], $slice: -CLOSED_TRANSFERS_KEPT } },
      },
    );
    return res.modifiedCount === 1;
  }

  /**
   * A transfer that closed while not open on the member: remembered, so its request changes
   * nothing if it comes later. Bookkeeping only (no version, no event). False when the transfer
   * turned out open meanwhile — the caller closes it instead.
   */
  async rememberClosedTransfer(memberId: string, transferId: string): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: memberId, openTransferId: { $ne: transferId }, closedTransferIds: { $ne: transferId } },
      { $push: { closedTransferIds: { $each: [transferId], $slice: -CLOSED_TRANSFERS_KEPT } } },
    );
    if (res.matchedCount === 1) return true;
    const now = await this.model.findById(memberId).select('openTransferId').lean<Pick<MemberDocument, 'openTransferId'>>();
    return now?.openTransferId !== transferId;
  }

  /** The members a batch created (a repeated batch recognises its own rows by them). */
  createdBy(batchId: string): Promise<CreatedMember[]> {
    return this.model
      .find({ batchId })
      .select(`_id name idNumber branchId branchAncestors ${PROFILE_FIELDS}`)
      .lean<CreatedMember[]>();
  }

  /**
   * Inserts complete new records with the raw driver (per-document casting would cost more than
   * the insert on large imports). Answers the indexes refused because the ID number is already in
   * the system; any other failure is thrown, after telling the relay, since an unordered insert
   * may have written some of them.
   */
  async insertNew(docs: readonly MemberDocument[]): Promise<Set<number>> {
    const existing = new Set<number>();
    if (docs.length === 0) return existing;
    try {
      await this.model.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string }> }).writeErrors;
      if (writeErrors?.every((e) => isDuplicateKeyError({ code: e.code, message: e.errmsg }))) {
        for (const e of writeErrors) existing.add(e.index);
      } else if (docs.length === 1 && isDuplicateKeyError(error)) {
        existing.add(0);
      } else {
        notifyOutboxWrite();
        throw error;
      }
    }
    return existing;
  }

  /** Publishes the outboxes of records written by `insertNew` now, or tells the relay (a raw insert bypasses its hooks). */
  async announce(bus: Bus | undefined, docs: readonly MemberDocument[]): Promise<void> {
    if (bus) await publishOutboxNow(bus, this.model, docs);
    else notifyOutboxWrite();
  }

  /** Members the real-name check has not settled, a batch at a time. */
  unverified(limit: number): Promise<MemberDocument[]> {
    return this.model
      .find({ identityCheck: 'unverified', status: { $ne: 'removed' } })
      .limit(limit)
      .select('_id name idNumber branchId branchAncestors version')
      .lean<MemberDocument[]>();
  }

  /**
   * Records a real-name check pass's verdicts as bulk commands (one by one they held the store for
   * minutes after a large import), each guarded on the version read so another replica's check or
   * an edit wins; answers the members this pass settled, read back by its id.
   */
  async settleChecks(
    pending: readonly MemberDocument[],
    verdicts: readonly IdentityCheck[],
    passId: string,
  ): Promise<Array<{ _id: string }>> {
    await bulkWriteInChunks(
      this.model,
      pending.map((member, i) => ({
        updateOne: {
          filter: { _id: member._id, version: member.version },
          update: { $set: { identityCheck: verdicts[i], identityCheckBatchId: passId }, $inc: { version: 1 } },
        },
      })) as never,
      { ordered: false },
    );
    return this.model.find({ identityCheckBatchId: passId }).select('_id').lean<Array<{ _id: string }>>();
  }

  /** The members a real-name check pass settled, as they are now. */
  settledBy(passId: string): Promise<Settled[]> {
    return this.model
      .find({ identityCheckBatchId: passId })
      .select('_id name branchId branchAncestors version')
      .lean<Settled[]>();
  }

  /** Where a member is, for the locate command: read from the primary record, so it never lags a move. */
  placeOf(id: string): Promise<Pick<MemberDocument, '_id' | 'idNumber' | 'branchId' | 'branchAncestors' | 'status'> | null> {
    return this.model
      .findById(id)
      .select('idNumber branchId branchAncestors status')
      .lean<Pick<MemberDocument, '_id' | 'idNumber' | 'branchId' | 'branchAncestors' | 'status'>>();
  }
}
