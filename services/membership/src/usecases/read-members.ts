import { selfScope, type RoleGrant } from '@zhtj/contracts';
import { requireView } from '@zhtj/service-kit';
import { branchPlaceOf, type MemberRepository } from '../store/member.repository.js';
import { knownOrg, placeOf } from './branches.js';
import { seesInFull, toMemberView } from './member-view.js';
import type { OrgProjection } from '@zhtj/store';

export interface MemberListQuery {
  q?: string | undefined;
  scope: 'branch' | 'subtree';
  status: 'active' | 'transferring' | 'all';
  cursor?: string | undefined;
  limit: number;
}

/**
 * GET /orgs/:id/members: the members of a branch, or with `scope=subtree` of every branch below
 * an org ("只能查询本级及下级团组织团员"), by id, a page at a time; `q` matches the start of the
 * name. ID numbers and phones are masked.
 */
export async function listMembers(
  deps: { members: MemberRepository; orgs: OrgProjection },
  caller: { roles: readonly RoleGrant[] },
  orgId: string,
  query: MemberListQuery,
) {
  const org = await knownOrg(deps.orgs, orgId);
  const scope = requireView(caller.roles, placeOf(org));
  const { items, nextCursor } = await deps.members.page(scope, {
    subtree: query.scope === 'subtree' && org.type !== 'branch',
    status: query.status,
    namePrefix: query.q,
    cursor: query.cursor,
    limit: query.limit,
  });
  return { items: items.map((m) => toMemberView(m, { full: false })), nextCursor };
}

/** GET /members/:id: for admins who can view the branch, and the member themself. */
export async function readMember(
  members: MemberRepository,
  caller: { roles: readonly RoleGrant[]; memberId?: string },
  id: string,
) {
  const { member } = await members.get(
    id,
    // Outside one's scope a member does not exist: nothing about other orgs leaks.
    (m) => selfScope(caller, m._id) ?? requireView(caller.roles, branchPlaceOf(m), 'MEMBER_NOT_FOUND'),
  );
  return toMemberView(member, { full: seesInFull(caller, member) });
}
