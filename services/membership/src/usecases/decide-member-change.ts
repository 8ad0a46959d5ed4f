import {
  manageScope,
  selfScope,
  type RoleGrant,
  AppError,
  approvalBy,
  changeRequestView,
  staleRequest,
  MEMBER_FIELD_LABELS,
} from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import { memberInfo } from '../domain/member-info.js';
import type { MemberChangeRequestDocument } from '../store/member-change-request.model.js';
import type { RequestStatusFilter } from '../store/member-change-request.repository.js';
import type { MemberDocument } from '../store/member.model.js';
import { branchPlaceOf } from '../store/member.repository.js';
import { knownOrg, placeOf } from './branches.js';
import { applyMemberDiff, infoOf, type MemberInfoDependencies } from './change-member-info.js';
import type { OrgProjection } from '@zhtj/store';

async function loadPending(deps: MemberInfoDependencies, caller: Caller, id: string) {
  const request = await deps.changeRequests.load(id);
  // The member's branch now decides (they may have moved since asking).
  const access = await deps.members.get(request.memberId, (m) => requireManage(caller.roles, branchPlaceOf(m)));
  await deps.changeRequests.readyToDecide(request, access.member.lastApproval);
  return { request, access };
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
  const { request, access } = await loadPending(deps, caller, id);
  let { member } = access;
  if (!memberInfo.applied(infoOf(member), request.changes)) {
    const stale = memberInfo.stale(infoOf(member), request.changes);
    if (stale.length > 0) throw staleRequest(stale, MEMBER_FIELD_LABELS);
    member = await applyMemberDiff(deps, access, request.changes, today, approvalBy(caller, request._id, comment));
  }
  return { request: await deps.changeRequests.decide(access, request, caller, 'approve', comment), member };
}

export async function rejectMemberChange(deps: MemberInfoDependencies, caller: Caller, id: string, comment?: string) {
  const { request, access } = await loadPending(deps, caller, id);
  return deps.changeRequests.decide(access, request, caller, 'reject', comment);
}

type ChangeListQuery = { status: RequestStatusFilter; cursor?: string | undefined; limit: number };

/** GET /orgs/:id/member-change-requests: requests of the members of a branch its managers decide. */
export async function listMemberChanges(
  deps: MemberInfoDependencies & { orgs: OrgProjection },
  roles: readonly RoleGrant[],
  branchId: string,
  query: ChangeListQuery,
) {
  const branch = await knownOrg(deps.orgs, branchId);
  const scope = requireManage(roles, placeOf(branch));
  const { items, nextCursor } = await deps.changeRequests.pageOfBranch(scope, query.status, query);
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
  query: ChangeListQuery,
) {
  // Not even a viewer of the branch learns that the member has requests.
  const hidden = (): never => {
    throw new AppError('MEMBER_NOT_FOUND');
  };
  const access = await deps.members.get(
    memberId,
    (m) => selfScope(caller, m._id) ?? manageScope(caller.roles, branchPlaceOf(m)) ?? hidden(),
  );
  const { items, nextCursor } = await deps.changeRequests.pageOfMember(access, query.status, query);
  return { items: items.map(toMemberChangeView), nextCursor };
}

export function toMemberChangeView(r: MemberChangeRequestDocument) {
  return { ...changeRequestView(r), memberId: r.memberId, memberName: r.memberName, branchId: r.branchId };
}
