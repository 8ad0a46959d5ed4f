import { isAdminOf, type RoleGrant } from '@zhtj/contracts';
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
import { ORG_FIELD_LABELS, orgInfo } from '../domain/org-info.js';
import type { OrgChangeRequestDocument } from '../store/org-change-request.model.js';
import type { OrgDocument } from '../store/org.model.js';
import { applyDiff, checkDiff, infoOf, type OrgInfoDependencies } from './change-org-info.js';
import { loadOrg } from './org-store.js';
import type { PageRequest } from './read-orgs.js';

async function loadPending(deps: OrgInfoDependencies, caller: Caller, id: string): Promise<OrgChangeRequestDocument> {
  const request = await deps.changeRequests.findById(id).lean<OrgChangeRequestDocument>();
  if (!request) throw new AppError('CHANGE_REQUEST_NOT_FOUND');
  if (!isAdminOf(caller.roles, request.deciderOrgId)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  ensurePending(request);
  return request;
}

/**
 * The org's requests as they really stand: an approval that stopped after writing its change is
 * finished first (the org carries its record), and if it is this request, it was decided.
 */
async function settled(deps: OrgInfoDependencies, request: OrgChangeRequestDocument): Promise<OrgDocument> {
  const org = await loadOrg(deps.orgs, request.orgId);
  await settleInterruptedApproval(deps.changeRequests, org.lastApproval);
  if (org.lastApproval?.requestId === request._id) throw await decidedNow(deps.changeRequests, request._id);
  return org;
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
  const request = await loadPending(deps, caller, id);
  let org = await settled(deps, request);
  if (!orgInfo.applied(infoOf(org), request.changes)) {
    const stale = orgInfo.stale(infoOf(org), request.changes);
    if (stale.length > 0) throw staleRequest(stale, ORG_FIELD_LABELS);
    if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
    await checkDiff(deps, org, request.changes);
    org = await applyDiff(deps, caller, org, request.changes, approvalBy(caller, request._id, comment));
  }
  return { request: await recordDecision(deps.changeRequests, request, caller, 'approve', comment), org };
}

export async function rejectChangeRequest(deps: OrgInfoDependencies, caller: Caller, id: string, comment?: string) {
  const request = await loadPending(deps, caller, id);
  await settled(deps, request);
  return recordDecision(deps.changeRequests, request, caller, 'reject', comment);
}

/**
 * Change requests around an org, newest last by id: `about: 'children'` lists the ones its admin
 * must decide (from its direct children), `about: 'self'` the ones the org itself filed.
 */
export async function listChangeRequests(
  deps: OrgInfoDependencies,
  roles: readonly RoleGrant[],
  orgId: string,
  query: PageRequest & { status: 'pending' | 'approved' | 'rejected' | 'all'; about: 'children' | 'self' },
) {
  const org = await loadOrg(deps.orgs, orgId);
  const allowed =
    query.about === 'children' ? isAdminOf(roles, org._id) : isAdminOf(roles, org._id) || isAdminOf(roles, org.parentId);
  if (!allowed) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const filter: Record<string, unknown> = query.about === 'children' ? { deciderOrgId: orgId } : { orgId };
  if (query.status !== 'all') filter.status = query.status;
  const { items, nextCursor } = await keysetPage(deps.changeRequests, filter, query);
  return { items: items.map(toChangeRequestView), nextCursor };
}

export function toChangeRequestView(r: OrgChangeRequestDocument) {
  return { ...changeRequestView(r), orgId: r.orgId, orgName: r.orgName };
}
