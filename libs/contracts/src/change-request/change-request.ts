import { AppError } from '../app-error.js';
import { isUndecided, CHANGE_REQUEST_STATUS_LABELS, type ChangeRequestStatus } from './lifecycle.js';

/**
 * Change requests: an info change that waits for an admin's decision (an org's own admin asking
 * its superior, a member asking their branch admin). The subject-specific parts (which org
 * decides, which rules the diff must keep) stay with each service; what every request shares is
 * here, and its persistence in libs/store.
 */
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

/** The refusal of deciding a request that has been decided (as `status`). */
export function changeRequestDecided(status: ChangeRequestStatus): AppError {
  return new AppError('CHANGE_REQUEST_DECIDED', { params: { status: CHANGE_REQUEST_STATUS_LABELS[status] } });
}

/** A request that has been decided cannot be decided again. */
export function ensurePending(request: Pick<ChangeRequestLifecycle, 'status'>): void {
  if (!isUndecided(request.status)) throw changeRequestDecided(request.status);
}

/** Refuses an approval whose fields changed since the request was made, naming them. */
export function staleRequest(fields: readonly string[], labels: Record<string, string>): AppError {
  return new AppError('CHANGE_REQUEST_STALE', {
    params: { fields: fields.map((f) => labels[f] ?? f).join('、') },
    extensions: { staleFields: fields },
  });
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

/** The record of an approval the caller is about to write with the change. */
export function approvalBy(
  caller: { accountId: string; name?: string },
  requestId: string,
  comment: string | undefined,
): AppliedApproval {
  return { requestId, by: { accountId: caller.accountId, name: caller.name }, comment: comment ?? null, at: new Date() };
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
