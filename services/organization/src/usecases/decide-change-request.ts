import {
  adminScope,
  manageScope,
  superiorScope,
  type RoleGrant,
  type SuperiorScope,
  AppError,
  approvalBy,
  changeRequestView,
  staleRequest,
} from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { ORG_FIELD_LABELS, orgInfo } from '../domain/org-info.js';
import type { OrgChangeRequestDocument } from '../store/org-change-request.model.js';
import type { RequestStatusFilter } from '../store/org-change-request.repository.js';
import type { OrgDocument } from '../store/org.model.js';
import { placeOf, type AuthorizedOrg } from '../store/org.repository.js';
import { applyDiff, checkDiff, infoOf, type OrgInfoDependencies } from './change-org-info.js';
import type { PageRequest } from './read-orgs.js';

/**
 * A pending request and its org, with the caller's proof that they administer the org's direct
 * superior (the request's decider). The org's requests are first made to stand as they really do:
 * an approval that stopped after writing its change is finished (the org carries its record), and
 * if it is this request, it was decided.
 */
async function loadPending(
  deps: OrgInfoDependencies,
  caller: Caller,
  id: string,
): Promise<{ request: OrgChangeRequestDocument; access: AuthorizedOrg<SuperiorScope> }> {
  const request = await deps.changeRequests.load(id);
  const forbidden = (): never => {
    throw new AppError('FORBIDDEN_ORG_SCOPE');
  };
  const access = await deps.orgs.get(request.orgId, (org) =>
    org.parentId === request.deciderOrgId ? (superiorScope(caller.roles, placeOf(org)) ?? forbidden()) : forbidden(),
  );
  await deps.changeRequests.readyToDecide(request, access.org.lastApproval);
  return { request, access };
}

/**
 * The superior's admin approves: the diff is applied on top of the org as it is now, with the
 * approval recorded in the same write; then the request is marked. If a field the request
 * touches changed since it was made, approving would undo that change, so it is refused naming
 * the fields. A request whose values already hold is just marked approved.
 */
export async function approveChangeRequest(
  deps: OrgInfoDependencies,
  caller: Caller,
  id: string,
  comment?: string,
): Promise<{ request: OrgChangeRequestDocument; org: OrgDocument }> {
  const { request, access } = await loadPending(deps, caller, id);
  let { org } = access;
  if (!orgInfo.applied(infoOf(org), request.changes)) {
    const stale = orgInfo.stale(infoOf(org), request.changes);
    if (stale.length > 0) throw staleRequest(stale, ORG_FIELD_LABELS);
    if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
    await checkDiff(deps, org, request.changes);
    org = await applyDiff(deps, caller, access, request.changes, approvalBy(caller, request._id, comment));
  }
  return { request: await deps.changeRequests.decide(access, request, caller, 'approve', comment), org };
}

export async function rejectChangeRequest(deps: OrgInfoDependencies, caller: Caller, id: string, comment?: string) {
  const { request, access } = await loadPending(deps, caller, id);
  return deps.changeRequests.decide(access, request, caller, 'reject', comment);
}

/**
 * Change requests around an org, newest last by id: `about: 'children'` lists the ones its admin
 * must decide (from its direct children), `about: 'self'` the ones the org itself filed (for its
 * own admin and its superior's).
 */
export async function listChangeRequests(
  deps: OrgInfoDependencies,
  roles: readonly RoleGrant[],
  orgId: string,
  query: PageRequest & { status: RequestStatusFilter; about: 'children' | 'self' },
) {
  const forbidden = (): never => {
    throw new AppError('FORBIDDEN_ORG_SCOPE');
  };
  const { items, nextCursor } =
    query.about === 'children'
      ? await deps.changeRequests.pageToDecide(
          (await deps.orgs.get(orgId, (org) => adminScope(roles, placeOf(org)) ?? forbidden())).scope,
          query.status,
          query,
        )
      : await deps.changeRequests.pageFiled(
          (await deps.orgs.get(orgId, (org) => manageScope(roles, placeOf(org)) ?? forbidden())).scope,
          query.status,
          query,
        );
  return { items: items.map(toChangeRequestView), nextCursor };
}

export function toChangeRequestView(r: OrgChangeRequestDocument) {
  return { ...changeRequestView(r), orgId: r.orgId, orgName: r.orgName };
}
