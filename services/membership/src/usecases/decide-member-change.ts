import { canManageOrg, type RoleGrant } from '@zhtj/contracts';
import type { OrgProjection } from '@zhtj/bus';
import {
  AppError,
  approvalBy,
  changeRequestView,
  decidedNow,
  ensurePending,
  keysetPage,
  recordDecision,
  settleInterruptedApproval,
  staleRequest,
  type Caller,
} from '@zhtj/service-kit';
import { MEMBER_FIELD_LABELS, memberInfo } from '../domain/member-info.js';
import type { MemberChangeRequestDocument } from '../store/member-change-request.model.js';
import type { MemberDocument } from '../store/member.model.js';
import { branchPlaceOf, knownOrg, placeOf } from './branches.js';
import { applyMemberDiff, infoOf, type MemberInfoDependencies } from './change-member-info.js';
import { loadMember } from './member-store.js';

async function loadPending(deps: MemberInfoDependencies, caller: Caller, id: string) {
  const request = await deps.changeRequests.findById(id).lean<MemberChangeRequestDocument>();
  if (!request) throw new AppError('CHANGE_REQUEST_NOT_FOUND');
  const member = await loadMember(deps.members, request.memberId);
  // The member's branch now decides (they may have moved since asking).
  if (!canManageOrg(caller.roles, branchPlaceOf(member))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  ensurePending(request);
  // An approval that stopped after writing its change is finished first (the member carries its
  // record); if it is this request, it was decided.
  await settleInterruptedApproval(deps.changeRequests, member.lastApproval);
  if (member.lastApproval?.requestId === request._id) throw await decidedNow(deps.changeRequests, request._id);
  return { request, member };
}

/**
 * The branch admin approves a member's own change: applied on top of the member as they are now
 * with the approval recorded in the same write, then the request is marked; refused (naming the
 * fields) if a field it touches changed meanwhile.
 */
export async function approveMemberChange(
  deps: MemberInfoDependencies,
  caller: Caller,
  id: string,
  comment?: string,
  today = new Date(),
): Promise<{ request: MemberChangeRequestDocument; member: MemberDocument }> {
  const pending = await loadPending(deps, caller, id);
  const { request } = pending;
  let { member } = pending;
  if (!memberInfo.applied(infoOf(member), request.changes)) {
    const stale = memberInfo.stale(infoOf(member), request.changes);
    if (stale.length > 0) throw staleRequest(stale, MEMBER_FIELD_LABELS);
    member = await applyMemberDiff(deps, member, request.changes, today, approvalBy(caller, request._id, comment));
  }
  return { request: await recordDecision(deps.changeRequests, request, caller, 'approve', comment), member };
}

export async function rejectMemberChange(deps: MemberInfoDependencies, caller: Caller, id: string, comment?: string) {
  const { request } = await loadPending(deps, caller, id);
  return recordDecision(deps.changeRequests, request, caller, 'reject', comment);
}

/** GET /orgs/:id/member-change-requests: requests of the members of a branch its managers decide. */
export async function listMemberChanges(
  deps: MemberInfoDependencies & { orgs: OrgProjection },
  roles: readonly RoleGrant[],
  branchId: string,
  query: { status: 'pending' | 'approved' | 'rejected' | 'all'; cursor?: string | undefined; limit: number },
) {
  const branch = await knownOrg(deps.orgs, branchId);
  if (!canManageOrg(roles, placeOf(branch))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const filter: Record<string, unknown> = { branchId };
  if (query.status !== 'all') filter.status = query.status;
  const { items, nextCursor } = await keysetPage(deps.changeRequests, filter, query);
  return { items: items.map(toMemberChangeView), nextCursor };
}

/**
 * GET /members/:id/change-requests: one member's requests — for the member (我的: is my change
 * still waiting, and what did the branch say) and for the managers of their branch.
 */
export async function listChangesOfMember(
  deps: MemberInfoDependencies,
  caller: Caller,
  memberId: string,
  query: { status: 'pending' | 'approved' | 'rejected' | 'all'; cursor?: string | undefined; limit: number },
) {
  const member = await loadMember(deps.members, memberId);
  if (caller.memberId !== member._id && !canManageOrg(caller.roles, branchPlaceOf(member)))
    throw new AppError('MEMBER_NOT_FOUND');
  const filter: Record<string, unknown> = { memberId };
  if (query.status !== 'all') filter.status = query.status;
  const { items, nextCursor } = await keysetPage(deps.changeRequests, filter, query);
  return { items: items.map(toMemberChangeView), nextCursor };
}

export function toMemberChangeView(r: MemberChangeRequestDocument) {
  return { ...changeRequestView(r), memberId: r.memberId, memberName: r.memberName, branchId: r.branchId };
}
