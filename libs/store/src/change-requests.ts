import { Schema, type Model } from 'mongoose';
import {
  AppError,
  CHANGE_REQUEST_INITIAL_STATUS,
  CHANGE_REQUEST_STATUSES,
  changeRequestDecided,
  decidableStatuses,
  ensurePending,
  newId,
  nextChangeRequestStatus,
  type AppliedApproval,
  type ChangeRequestAction,
  type ChangeRequestActor,
  type ChangeRequestLifecycle,
  type ChangeRequestStatus,
  type EventEnvelope,
} from '@zhtj/contracts';
import { keysetPage, type Page, type PageRequest } from './keyset-page.js';
import { pushEvents, toOutboxEntries } from './outbox/outbox.plugin.js';

/** How a change request is stored (the rules are libs/contracts' change-request lifecycle). */

const actorSchema = new Schema<ChangeRequestActor>({ accountId: { type: String, required: true }, name: String }, { _id: false });

/**
 * The schema fields of the lifecycle, to spread into a service's change-request schema (which
 * also takes outboxPlugin: filing and deciding write their events with the request).
 */
export const changeRequestFields = {
  changes: { type: Schema.Types.Mixed, required: true },
  baseVersion: { type: Number, required: true },
  requestedBy: { type: actorSchema, required: true },
  status: {
    type: String,
    required: true,
    enum: [...CHANGE_REQUEST_STATUSES],
    default: CHANGE_REQUEST_INITIAL_STATUS,
  },
  decidedBy: { type: actorSchema, default: null },
  decidedAt: { type: Date, default: null },
  comment: { type: String, default: null },
};

/** The schema field of an AppliedApproval on the subject. */
export const appliedApprovalField = {
  type: new Schema<AppliedApproval>(
    { requestId: String, by: actorSchema, comment: { type: String, default: null }, at: Date },
    { _id: false },
  ),
  default: null,
};

export type RequestStatusFilter = ChangeRequestStatus | 'all';

/** The events a request's subject announces: when it is filed, and when it is decided (as it is after). */
export interface ChangeRequestEvents<T> {
  filed(request: T): EventEnvelope[];
  decided(request: T): EventEnvelope[];
}

const HIDDEN = '-outbox -outboxLock -outboxPending';

/** A request as handed out: its events stay with the store. */
function withoutOutbox<T>(doc: T): T {
  const { outbox: _outbox, outboxLock: _lock, outboxPending: _pending, ...request } = doc as Record<string, unknown>;
  return request as T;
}

/**
 * What every change-request repository does, whatever its subject: load one, record a decision,
 * settle an interrupted approval, page by a filter. Each service's repository adds what is scoped
 * to its subject (who files, who decides) and is the only code on its model.
 */
export abstract class ChangeRequestRepositoryBase<T extends ChangeRequestLifecycle> {
  constructor(
    protected readonly model: Model<T>,
    private readonly events: ChangeRequestEvents<T>,
  ) {}

  /** A request by id; the caller proves authority over its subject before anything is shown or decided. */
  async load(id: string): Promise<T> {
    const request = await this.model.findById(id).select(HIDDEN).lean<T>();
    if (!request) throw new AppError('CHANGE_REQUEST_NOT_FOUND');
    return request;
  }

  /**
   * Files a request about a subject (its id and the names shown in lists, as `subject`), made
   * from the subject at `baseVersion`; it waits for a decision.
   */
  protected async fileAbout(
    subject: Partial<T>,
    changes: T['changes'],
    baseVersion: number,
    requestedBy: { accountId: string; name?: string },
  ): Promise<T> {
    const request = {
      _id: newId(),
      ...subject,
      changes,
      baseVersion,
      requestedBy: { accountId: requestedBy.accountId, name: requestedBy.name },
      status: CHANGE_REQUEST_INITIAL_STATUS,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      createdAt: new Date(),
    } as unknown as T;
    const created = await this.model.create({ ...request, outbox: toOutboxEntries(this.events.filed(request)) });
    return withoutOutbox(created.toObject() as T);
  }

  /**
   * Before `request` is decided: refuses it if it was decided, and first finishes an approval the
   * subject carries (`lastApproval`) that stopped half-way — if that was this very request, it
   * was decided, and the refusal says so.
   */
  async readyToDecide(request: T, lastApproval: AppliedApproval | null | undefined): Promise<void> {
    ensurePending(request);
    await this.settleInterrupted(lastApproval);
    if (lastApproval?.requestId === request._id) throw await this.decidedNow(request._id);
  }

  /**
   * Marks as approved the request whose change the subject carries, if it is still pending (an
   * approval interrupted half-way, see AppliedApproval). Idempotent; call it before deciding any
   * request of the subject.
   */
  async settleInterrupted(applied: AppliedApproval | null | undefined): Promise<void> {
    if (!applied?.requestId) return;
    const request = await this.model.findById(applied.requestId).select(HIDDEN).lean<T>();
    if (!request || !decidableStatuses().includes(request.status)) return;
    await this.writeDecision(request, 'approve', applied.by, applied.at, applied.comment);
  }

  /**
   * The conditional write of a decision, with its events: it lands only on a request still
   * undecided, so of two deciders exactly one writes (and announces) it. Returns the request
   * as decided, or null when it had been decided meanwhile.
   */
  private async writeDecision(
    request: T,
    action: ChangeRequestAction,
    by: ChangeRequestActor,
    at: Date,
    comment: string | null,
  ): Promise<T | null> {
    const decision = {
      status: nextChangeRequestStatus(CHANGE_REQUEST_INITIAL_STATUS, action),
      decidedBy: { accountId: by.accountId, name: by.name },
      decidedAt: at,
      comment,
    };
    const decided = await this.model
      .findOneAndUpdate(
        { _id: request._id, status: { $in: decidableStatuses() } } as never,
        { $set: decision, ...pushEvents(...this.events.decided({ ...request, ...decision })) } as never,
        // No projection: FerretDB's findAndModify has none ("fields" is not implemented).
        { returnDocument: 'after' },
      )
      .lean<T>();
    return decided ? withoutOutbox(decided) : null;
  }

  /** The refusal saying how the request was decided meanwhile (after settling). */
  async decidedNow(id: string): Promise<AppError> {
    const now = await this.model.findById(id).select('status').lean<Pick<T, 'status'>>();
    return changeRequestDecided(now?.status ?? 'approved');
  }

  /** Marks a pending request decided; if another decision got there first, says which. */
  protected async recordDecision(
    request: T,
    caller: { accountId: string; name?: string },
    action: ChangeRequestAction,
    comment: string | undefined,
  ): Promise<T> {
    const done = await this.writeDecision(request, action, caller, new Date(), comment ?? null);
    if (done) return done;
    throw await this.decidedNow(request._id);
  }

  protected pageWhere(filter: Record<string, unknown>, status: RequestStatusFilter, page: PageRequest): Promise<Page<T>> {
    return keysetPage(this.model, status === 'all' ? filter : { ...filter, status }, page, { select: HIDDEN });
  }
}
