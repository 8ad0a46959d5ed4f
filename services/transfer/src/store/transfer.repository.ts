import type { Model } from 'mongoose';
import {
  createEvent,
  transferRequestedV1,
  type EventContract,
  type SelfScope,
  type TransferSnapshot,
  type ViewScope,
  AppError,
} from '@zhtj/contracts';
import {
  CLOSED_STATUSES,
  next as nextStatus,
  OPEN_STATUSES,
  statusesAllowing,
  type TransferAction,
} from '../domain/transfer-lifecycle.js';
import type { HistoryEntry, TransferDocument } from './transfer.model.js';
import {
  pushEvents,
  toOutboxEntries,
  DuplicateKeyError,
  keysetPage,
  rethrowDuplicateKey,
  type Page,
  type PageRequest,
} from '@zhtj/store';

export function snapshotOf(
  t: Pick<
    TransferDocument,
    | '_id'
    | 'direction'
    | 'memberId'
    | 'memberName'
    | 'fromBranchId'
    | 'toOrgId'
    | 'targetBranchId'
    | 'reasonCode'
    | 'status'
    | 'version'
  >,
): TransferSnapshot {
  return {
    id: t._id,
    direction: t.direction,
    memberId: t.memberId,
    memberName: t.memberName,
    fromBranchId: t.fromBranchId,
    toOrgId: t.toOrgId,
    targetBranchId: t.targetBranchId,
    reasonCode: t.reasonCode,
    status: t.status,
    version: t.version,
  };
}

/** A new transfer as the request builds it; its outbox and timestamps are the repository's. */
export type NewTransfer = Omit<TransferDocument, 'outbox' | 'createdAt' | 'updatedAt'>;

export interface TransferPageQuery extends PageRequest {
  /** A status, or `open` for every status not yet closed. */
  status?: string | undefined;
}

export interface TransferCriteria {
  involving?: ViewScope;
  awaiting?: readonly string[];
  about?: SelfScope;
  requestedBy?: string;
}

export interface Advance {
  action: TransferAction;
  set?: Partial<TransferDocument>;
  history: Omit<HistoryEntry, 'at'>;
  event: EventContract;
  extra?: Record<string, unknown>;
}

const WITHOUT_OUTBOX = '-outbox -outboxLock';

/**
 * The only code that queries the transfers collection. Who may see or decide one transfer is the
 * domain's rule over both of its ends (domain/transfer-rules.ts), asked after `get`; the lists
 * that cover an org's subtree take a ViewScope, a member's own list a SelfScope.
 */
export class TransferRepository {
  constructor(private readonly model: Model<TransferDocument>) {}

  async get(id: string): Promise<TransferDocument> {
    const transfer = await this.record(id);
    if (!transfer) throw new AppError('TRANSFER_NOT_FOUND');
    return transfer;
  }

  /** The stored transfer or null, for event handlers (to whom a missing one is no error). */
  record(id: string): Promise<TransferDocument | null> {
    return this.model.findById(id).lean<TransferDocument>();
  }

  /**
   * Writes a new transfer with `transfer.requested` in its outbox. A member has at most one open
   * transfer (a unique `openFor`): a second is TRANSFER_ALREADY_OPEN.
   */
  async open(doc: NewTransfer, now: Date): Promise<TransferDocument> {
    const event = createEvent(transferRequestedV1, snapshotOf(doc), { source: 'transfer', occurredAt: now });
    try {
      const created = await this.model.create({ ...doc, outbox: toOutboxEntries([event]) }).catch(rethrowDuplicateKey);
      return created.toObject();
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new AppError('TRANSFER_ALREADY_OPEN');
      throw error;
    }
  }

  /**
   * Takes an action on a transfer: the status it leads to comes from the lifecycle table, and is
   * written with its history entry and its event in the same single-document write, guarded on the
   * status and version it was read at. Closing frees the member for another transfer (`openFor`).
   * Answers null when someone else moved it first. Callers ask `allows` first: an action the table
   * refuses here is a bug, not a user's mistake.
   */
  async advance(t: TransferDocument, next: Advance, now = new Date()): Promise<TransferDocument | null> {
    const status = nextStatus(t.status, next.action, t);
    if (!status) throw new Error(`transfer ${t._id}: ${next.action} is not allowed from ${t.status}`);
    const after = { ...t, ...next.set, status, version: t.version + 1 };
    const closing = CLOSED_STATUSES.includes(status);
    const set = {
      ...next.set,
      status,
      ...(closing ? { openFor: t._id, awaitingOrgIds: [] } : {}),
    };
    const event = createEvent(next.event, { ...snapshotOf(after), ...next.extra } as never, {
      source: 'transfer',
      occurredAt: now,
    });
    return this.model
      .findOneAndUpdate(
        { _id: t._id, version: t.version, status: t.status },
        {
          $set: set,
          $inc: { version: 1 },
          $push: { history: { ...next.history, at: now }, ...pushEvents(event).$push },
        },
        { returnDocument: 'after' },
      )
      .lean<TransferDocument>();
  }

  /**
   * A page of the transfers that meet every criterion given: in or out of the scope's subtree,
   * waiting for the admins of these orgs (the caller's own org_admin grants), of the caller's
   * own member record, asked for by an account.
   */
  page(criteria: TransferCriteria, query: TransferPageQuery): Promise<Page<TransferDocument>> {
    const filter: Record<string, unknown> = {};
    if (criteria.awaiting) {
      if (criteria.awaiting.length === 0) return Promise.resolve({ items: [], nextCursor: null });
      filter.awaitingOrgIds = criteria.awaiting.length === 1 ? criteria.awaiting[0] : { $in: criteria.awaiting };
    }
    if (criteria.involving) filter.involvedOrgIds = criteria.involving.id;
    if (criteria.about) filter.memberId = criteria.about.memberId;
    if (criteria.requestedBy) filter['requestedBy.accountId'] = criteria.requestedBy;
    if (query.status === 'open') filter.status = { $in: OPEN_STATUSES };
    else if (query.status) filter.status = query.status;
    return keysetPage(this.model, filter, query, { select: WITHOUT_OUTBOX });
  }

  /** Open transfers past their deadline, a batch at a time. */
  dueToExpire(now: Date, limit: number): Promise<TransferDocument[]> {
    return this.model
      .find({ status: { $in: statusesAllowing('expire') }, expiresAt: { $lte: now } })
      .limit(limit)
      .lean<TransferDocument[]>();
  }
}
