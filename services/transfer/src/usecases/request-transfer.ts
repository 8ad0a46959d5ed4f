import type { Model } from 'mongoose';
import type { OrgProjection, ProjectedOrg } from '@zhtj/bus';
import { toOutboxEntries } from '@zhtj/bus';
import { canManageOrg, canViewOrg, createEvent, newId, transferRequestedV1, type CreateTransferBody } from '@zhtj/contracts';
import { AppError, DuplicateKeyError, rethrowDuplicateKey, type Caller } from '@zhtj/service-kit';
import { INITIAL_STATUS } from '../domain/transfer-lifecycle.js';
import { approverOrgIds, checkReason } from '../domain/transfer-rules.js';
import { hashIdNumber, type ProjectedMember } from '../store/member-projection.model.js';
import type { TransferDocument } from '../store/transfer.model.js';
import { snapshotOf, type Transfers } from './transfer-store.js';

export interface TransferDependencies {
  transfers: Transfers;
  members: Model<ProjectedMember>;
  orgs: OrgProjection;
  ttlDays: number;
}

async function activeOrg(orgs: OrgProjection, id: string): Promise<ProjectedOrg> {
  const org = await orgs.get(id);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
  return org;
}

/**
 * POST /transfers.
 * - in: the receiving branch's admin (or its superior's) names the member by exact name and ID
 *   number; anything else is MEMBER_NOT_FOUND, saying nothing more.
 * - out: the member's branch admin (or its superior's) sends the member to any active org.
 * A member has at most one open transfer, and never one to their own branch.
 */
export async function requestTransfer(deps: TransferDependencies, caller: Caller, body: CreateTransferBody, now = new Date()) {
  const reason = checkReason(body.reason);
  if (!reason) throw new AppError('TRANSFER_REASON_INVALID');

  let member: ProjectedMember | null;
  let toOrg: ProjectedOrg;
  if (body.direction === 'in') {
    toOrg = await activeOrg(deps.orgs, body.toBranchId);
    if (toOrg.type !== 'branch') throw new AppError('MEMBER_NOT_IN_BRANCH');
    if (!canManageOrg(caller.roles, { id: toOrg._id, ancestors: toOrg.ancestors })) throw new AppError('FORBIDDEN_ORG_SCOPE');
    const candidates = await deps.members.find({ idNumberHash: hashIdNumber(body.memberIdNumber) }).lean<ProjectedMember[]>();
    member = candidates.find((m) => !m.removed && m.name === body.memberName.trim()) ?? null;
    if (!member) throw new AppError('MEMBER_NOT_FOUND');
  } else {
    member = await deps.members.findById(body.memberId).lean<ProjectedMember>();
    const place = member && { id: member.branchId, ancestors: member.branchAncestors };
    if (!member || member.removed || !place || !canViewOrg(caller.roles, place)) throw new AppError('MEMBER_NOT_FOUND');
    if (!canManageOrg(caller.roles, place)) throw new AppError('FORBIDDEN_ORG_SCOPE');
    toOrg = await activeOrg(deps.orgs, body.toOrgId);
  }
  if (toOrg._id === member.branchId) throw new AppError('TRANSFER_SAME_BRANCH');

  const fromBranch = { id: member.branchId, ancestors: member.branchAncestors };
  const places = {
    direction: body.direction,
    fromBranch,
    toOrg: { id: toOrg._id, ancestors: toOrg.ancestors, type: toOrg.type },
  };
  const id = newId();
  const doc: Omit<TransferDocument, 'outbox' | 'createdAt' | 'updatedAt'> = {
    _id: id,
    direction: body.direction,
    memberId: member._id,
    memberName: member.name,
    fromBranchId: member.branchId,
    fromBranchAncestors: member.branchAncestors,
    toOrgId: toOrg._id,
    toOrgType: toOrg.type,
    toOrgAncestors: toOrg.ancestors,
    targetBranchId: toOrg.type === 'branch' ? toOrg._id : null,
    reasonCode: reason.code,
    reasonText: reason.text,
    status: INITIAL_STATUS,
    openFor: member._id,
    awaitingOrgIds: approverOrgIds(places),
    involvedOrgIds: [...new Set([...member.branchAncestors, member.branchId, ...toOrg.ancestors, toOrg._id])],
    requestedBy: { accountId: caller.accountId, name: caller.name },
    history: [{ at: now, action: 'requested', by: { accountId: caller.accountId, name: caller.name }, comment: reason.text }],
    expiresAt: new Date(now.getTime() + deps.ttlDays * 24 * 3600_000),
    version: 1,
  };
  const event = createEvent(transferRequestedV1, snapshotOf(doc), { source: 'transfer', occurredAt: now });
  try {
    const created = await deps.transfers.create({ ...doc, outbox: toOutboxEntries([event]) }).catch(rethrowDuplicateKey);
    return created.toObject();
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw new AppError('TRANSFER_ALREADY_OPEN');
    throw error;
  }
}
