import { Schema, type Model } from 'mongoose';
import {
  CHANGE_REQUEST_INITIAL_STATUS,
  CHANGE_REQUEST_STATUS_LABELS,
  CHANGE_REQUEST_STATUSES,
  decidableStatuses,
  isUndecided,
  nextChangeRequestStatus,
  type ChangeRequestAction,
  type ChangeRequestStatus,
} from '@zhtj/contracts';
import type { Caller } from './auth/token-verifier.js';
import { AppError } from './errors.js';

/**
 * Change requests: an info change that waits for an admin's decision (an org's own admin asking
 * its superior, a member asking their branch admin). The subject-specific parts (which org
 * decides, which rules the diff must keep) stay with each service; the lifecycle is here.
 */
export type { ChangeRequestStatus };

export interface ChangeRequestActor {
  accountId: string;
  name?: string;
}

/** The fields every change request has, besides its subject. */
export interface ChangeRequestLifecycle<TChanges = unknown> {
  _id: string;
  changes: TChanges;
  baseVersion: number;
  requestedBy: ChangeRequestActor;
  status: ChangeRequestStatus;
  decidedBy?: ChangeRequestActor | null;
  decidedAt?: Date | null;
  comment?: string | null;
  createdAt: Date;
}

const actorSchema = new Schema<ChangeRequestActor>({ accountId: { type: String, required: true }, name: String }, { _id: false });

/** The schema fields of the lifecycle, to spread into a service's change-request schema. */
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

const decided = (status: ChangeRequestStatus) =>
  new AppError('CHANGE_REQUEST_DECIDED', { params: { status: CHANGE_REQUEST_STATUS_LABELS[status] } });

/** A request that has been decided cannot be decided again. */
export function ensurePending(request: Pick<ChangeRequestLifecycle, 'status'>): void {
  if (!isUndecided(request.status)) throw decided(request.status);
}

/** Refuses an approval whose fields changed since the request was made, naming them. */
export function staleRequest(fields: readonly string[], labels: Record<string, string>): AppError {
  return new AppError('CHANGE_REQUEST_STALE', {
    params: { fields: fields.map((f) => labels[f] ?? f).join('、') },
    extensions: { staleFields: fields },
  });
}

/** Marks a pending request decided; if another decision got there first, says which. */
export async function recordDecision<T extends ChangeRequestLifecycle>(
  model: Model<T>,
  request: Pick<T, '_id'>,
  caller: Caller,
  action: ChangeRequestAction,
  comment: string | undefined,
): Promise<T> {
  const done = await model
    .findOneAndUpdate(
      { _id: request._id, status: { $in: decidableStatuses() } },
      {
        $set: {
          status: nextChangeRequestStatus(CHANGE_REQUEST_INITIAL_STATUS, action),
          decidedBy: { accountId: caller.accountId, name: caller.name },
          decidedAt: new Date(),
          comment: comment ?? null,
        },
      },
      { returnDocument: 'after' },
    )
    .lean<T>();
  if (done) return done;
  const now = await model.findById(request._id).select('status').lean<Pick<T, 'status'>>();
  throw decided(now?.status ?? 'approved');
}

/**
 * What a subject (an org, a member) records of the approval that changed it, in the same write as
 * the change: if the approval stops between that write and the request's own (a crash, a lost
 * connection), the request is settled as approved from this record before anyone decides about
 * the subject's requests again — so a change can never stay applied under a request that is
 * still pending, or is rejected later.
 */
export interface AppliedApproval {
  requestId: string;
  by: ChangeRequestActor;
  comment: string | null;
  at: Date;
}

/** The schema field of an AppliedApproval on the subject. */
export const appliedApprovalField = {
  type: new Schema<AppliedApproval>(
    { requestId: String, by: actorSchema, comment: { type: String, default: null }, at: Date },
    { _id: false },
  ),
  default: null,
};

/** The record of an approval the caller is about to write with the change. */
export function approvalBy(caller: Caller, requestId: string, comment: string | undefined): AppliedApproval {
  return { requestId, by: { accountId: caller.accountId, name: caller.name }, comment: comment ?? null, at: new Date() };
}

/**
 * Marks as approved the request whose change the subject carries, if it is still pending (an
 * approval interrupted half-way). Idempotent; call it before deciding any request of the subject.
 * True when the request named is now approved.
 */
export async function settleInterruptedApproval<T extends ChangeRequestLifecycle>(
  model: Model<T>,
  applied: AppliedApproval | null | undefined,
): Promise<void> {
  if (!applied?.requestId) return;
  await model.updateOne(
    { _id: applied.requestId, status: { $in: decidableStatuses() } } as never,
    {
      $set: {
        status: nextChangeRequestStatus(CHANGE_REQUEST_INITIAL_STATUS, 'approve'),
        decidedBy: applied.by,
        decidedAt: applied.at,
        comment: applied.comment,
      },
    } as never,
  );
}

/** The request's state now (after settling), for an answer that says it was decided. */
export async function decidedNow<T extends ChangeRequestLifecycle>(model: Model<T>, id: string): Promise<AppError> {
  const now = await model.findById(id).select('status').lean<Pick<T, 'status'>>();
  return decided(now?.status ?? 'approved');
}

/** The lifecycle part of a request as the API shows it. */
export function changeRequestView(r: ChangeRequestLifecycle) {
  return {
    id: r._id,
    changes: r.changes,
    baseVersion: r.baseVersion,
    requestedBy: r.requestedBy,
    requestedAt: new Date(r.createdAt).toISOString(),
    status: r.status,
    decidedBy: r.decidedBy ?? null,
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    comment: r.comment ?? null,
  };
}
