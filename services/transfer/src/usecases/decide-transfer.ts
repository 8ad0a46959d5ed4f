import {
  isAdminOf,
  transferApprovedV1,
  transferAssignedV1,
  transferCancelledV1,
  transferRejectedV1,
  AppError,
} from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { allows, next, STATUS_LABELS } from '../domain/transfer-lifecycle.js';
import { assignableBranch, canApprove, type TransferPlaces } from '../domain/transfer-rules.js';
import type { TransferDocument } from '../store/transfer.model.js';
import type { TransferRepository } from '../store/transfer.repository.js';
import type { OrgProjection } from '@zhtj/store';

/** The refusal when a transfer is not in the state an action needs. */
function notPending(t: TransferDocument): AppError {
  return new AppError('TRANSFER_NOT_PENDING', { params: { status: STATUS_LABELS[t.status] } });
}

const placesOf = (t: TransferDocument): TransferPlaces => ({
  direction: t.direction,
  fromBranch: { id: t.fromBranchId, ancestors: t.fromBranchAncestors },
  toOrg: { id: t.toOrgId, ancestors: t.toOrgAncestors, type: t.toOrgType },
});

const actor = (caller: Caller) => ({ accountId: caller.accountId, name: caller.name });

/** Reports why an action lost: the transfer moved on meanwhile (another admin got there first). */
async function lost(transfers: TransferRepository, id: string): Promise<never> {
  throw notPending(await transfers.get(id));
}

/**
 * Approval by the admins the routing names. To a branch the transfer is approved and membership
 * moves the member; to a higher org it waits for that org's admin to assign a branch.
 */
export async function approveTransfer(deps: { transfers: TransferRepository }, caller: Caller, id: string, comment?: string) {
  const t = await deps.transfers.get(id);
  if (!canApprove(caller.roles, placesOf(t))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  if (!allows(t.status, 'approve')) throw notPending(t);
  const waitsForBranch = next(t.status, 'approve', t) === 'awaiting_assignment';
  const updated = await deps.transfers.advance(t, {
    action: 'approve',
    set: { awaitingOrgIds: waitsForBranch ? [t.toOrgId] : [] },
    history: { action: 'approved', by: actor(caller), comment: comment ?? null },
    event: transferApprovedV1,
  });
  return updated ?? lost(deps.transfers, id);
}

export async function rejectTransfer(
  deps: { transfers: TransferRepository },
  caller: Caller,
  id: string,
  comment: string | undefined,
) {
  if (!comment?.trim()) throw new AppError('TRANSFER_COMMENT_REQUIRED');
  const t = await deps.transfers.get(id);
  if (!canApprove(caller.roles, placesOf(t))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  if (!allows(t.status, 'reject')) throw notPending(t);
  const updated = await deps.transfers.advance(t, {
    action: 'reject',
    history: { action: 'rejected', by: actor(caller), comment },
    event: transferRejectedV1,
    extra: { reason: comment },
  });
  return updated ?? lost(deps.transfers, id);
}

/** The requester withdraws while nobody has decided yet. */
export async function cancelTransfer(deps: { transfers: TransferRepository }, caller: Caller, id: string) {
  const t = await deps.transfers.get(id);
  if (t.requestedBy.accountId !== caller.accountId) throw new AppError('FORBIDDEN');
  if (!allows(t.status, 'cancel')) throw notPending(t);
  const updated = await deps.transfers.advance(t, {
    action: 'cancel',
    history: { action: 'cancelled', by: actor(caller) },
    event: transferCancelledV1,
  });
  return updated ?? lost(deps.transfers, id);
}

/** The approving committee's admin picks one of its active branches; membership then moves the member. */
export async function assignTransfer(
  deps: { transfers: TransferRepository; orgs: OrgProjection },
  caller: Caller,
  id: string,
  branchId: string,
) {
  const t = await deps.transfers.get(id);
  if (!isAdminOf(caller.roles, t.toOrgId)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  if (!allows(t.status, 'assign')) throw notPending(t);
  const branch = await deps.orgs.get(branchId);
  if (!branch || !assignableBranch({ id: t.toOrgId, ancestors: t.toOrgAncestors }, branch)) {
    throw new AppError('TRANSFER_BRANCH_NOT_UNDER_TARGET');
  }
  if (branch._id === t.fromBranchId) throw new AppError('TRANSFER_SAME_BRANCH');
  const updated = await deps.transfers.advance(t, {
    action: 'assign',
    set: { targetBranchId: branch._id, awaitingOrgIds: [] },
    history: { action: 'assigned', by: actor(caller), comment: branch.name },
    event: transferAssignedV1,
  });
  return updated ?? lost(deps.transfers, id);
}
