import { canViewOrg, type RoleGrant } from '@zhtj/contracts';
import type { OrgProjection } from '@zhtj/bus';
import { AppError, keysetPage } from '@zhtj/service-kit';
import { branchPlaceOf, knownOrg, placeOf } from './branches.js';
import { loadMember, type Members } from './member-store.js';
import { seesInFull, toMemberView } from './member-view.js';

export interface MemberListQuery {
  q?: string | undefined;
  scope: 'branch' | 'subtree';
  status: 'active' | 'transferring' | 'all';
  cursor?: string | undefined;
  limit: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * GET /orgs/:id/members: the members of a branch, or with `scope=subtree` of every branch below
 * an org ("只能查询本级及下级团组织团员"), by id, a page at a time; `q` matches the start of the
 * name. ID numbers and phones are masked.
 */
export async function listMembers(
  deps: { members: Members; orgs: OrgProjection },
  caller: { roles: readonly RoleGrant[] },
  orgId: string,
  query: MemberListQuery,
) {
  const org = await knownOrg(deps.orgs, orgId);
  if (!canViewOrg(caller.roles, placeOf(org))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const filter: Record<string, unknown> =
    query.scope === 'subtree' && org.type !== 'branch' ? { branchAncestors: orgId } : { branchId: orgId };
  filter.status = query.status === 'all' ? { $ne: 'removed' } : query.status;
  if (query.q) filter.name = { $regex: `^${escapeRegex(query.q)}` };
  const { items, nextCursor } = await keysetPage(deps.members, filter, query, { select: '-outbox -outboxLock' });
  return { items: items.map((m) => toMemberView(m, { full: false })), nextCursor };
}

/** GET /members/:id: for admins who can view the branch, and the member themself. */
export async function readMember(members: Members, caller: { roles: readonly RoleGrant[]; memberId?: string }, id: string) {
  const member = await loadMember(members, id);
  if (caller.memberId !== member._id && !canViewOrg(caller.roles, branchPlaceOf(member))) {
    // Outside one's scope a member does not exist: nothing about other orgs leaks.
    throw new AppError('MEMBER_NOT_FOUND');
  }
  return toMemberView(member, { full: seesInFull(caller, member) });
}
