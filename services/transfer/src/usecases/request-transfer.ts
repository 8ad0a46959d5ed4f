import { newId, type CreateTransferBody, AppError } from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import { INITIAL_STATUS } from '../domain/transfer-lifecycle.js';
import { approverOrgIds, checkReason } from '../domain/transfer-rules.js';
import type { ProjectedMember } from '../store/member-projection.model.js';
import type { MemberProjectionRepository } from '../store/member-projection.repository.js';
import type { NewTransfer, TransferRepository } from '../store/transfer.repository.js';
import type { OrgProjection, ProjectedOrg } from '@zhtj/store';

export interface TransferDependencies {
  transfers: TransferRepository;
  members: MemberProjectionRepository;
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
    requireManage(caller.roles, { id: toOrg._id, ancestors: toOrg.ancestors });
    member = await deps.members.byNameAndIdNumber(body.memberName, body.memberIdNumber);
    if (!member) throw new AppError('MEMBER_NOT_FOUND');
  } else {
    member = await deps.members.present(body.memberId);
    if (!member) throw new AppError('MEMBER_NOT_FOUND');
    requireManage(caller.roles, { id: member.branchId, ancestors: member.branchAncestors }, { unseen: 'MEMBER_NOT_FOUND' });
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
  const doc: NewTransfer = {
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
  return deps.transfers.open(doc, now);
}
