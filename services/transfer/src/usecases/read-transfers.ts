import { canViewOrg, selfScope, type RoleGrant, AppError } from '@zhtj/contracts';
import { requireView, type Caller } from '@zhtj/service-kit';
import type { TransferDocument } from '../store/transfer.model.js';
import type { TransferCriteria, TransferRepository } from '../store/transfer.repository.js';
import type { OrgProjection } from '@zhtj/store';

/** Who may see a transfer: admins who view either end, and whoever asked for it. */
function canSee(caller: Caller, t: TransferDocument): boolean {
  return (
    t.requestedBy.accountId === caller.accountId ||
    canViewOrg(caller.roles, { id: t.fromBranchId, ancestors: t.fromBranchAncestors }) ||
    canViewOrg(caller.roles, { id: t.toOrgId, ancestors: t.toOrgAncestors }) ||
    caller.memberId === t.memberId
  );
}

export async function readTransfer(deps: { transfers: TransferRepository; orgs: OrgProjection }, caller: Caller, id: string) {
  const t = await deps.transfers.get(id);
  if (!canSee(caller, t)) throw new AppError('TRANSFER_NOT_FOUND');
  const names = await orgNames(deps.orgs, [t.fromBranchId, t.toOrgId, ...(t.targetBranchId ? [t.targetBranchId] : [])]);
  return toTransferView(t, names);
}

export interface TransferListQuery {
  orgId?: string | undefined;
  status?: string | undefined;
  awaiting?: 'me' | undefined;
  about?: 'me' | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * GET /transfers: `awaiting=me` lists what waits for the caller (approvals and assignments, the
 * gateway's to-do count); `orgId` the transfers in or out of that org's subtree; `about=me` the
 * transfers of the caller's own member record; otherwise the caller's own requests. By id, a page
 * at a time.
 */
export async function listTransfers(
  deps: { transfers: TransferRepository; orgs: OrgProjection },
  caller: Caller,
  query: TransferListQuery,
) {
  const criteria: TransferCriteria = {};
  if (query.awaiting === 'me') criteria.awaiting = adminOrgIds(caller.roles);
  if (query.orgId) {
    const org = await deps.orgs.get(query.orgId);
    if (!org) throw new AppError('ORG_NOT_FOUND');
    criteria.involving = requireView(caller.roles, { id: org._id, ancestors: org.ancestors });
  }
  if (query.about === 'me') {
    // An account without a member record (an admin only) has no transfers of its own.
    const self = caller.memberId ? selfScope(caller, caller.memberId) : null;
    if (!self) return { items: [], nextCursor: null };
    criteria.about = self;
  }
  if (!query.awaiting && !query.orgId && !query.about) criteria.requestedBy = caller.accountId;
  const { items, nextCursor } = await deps.transfers.page(criteria, query);
  const names = await orgNames(
    deps.orgs,
    items.flatMap((t) => [t.fromBranchId, t.toOrgId, ...(t.targetBranchId ? [t.targetBranchId] : [])]),
  );
  return { items: items.map((t) => toTransferView(t, names)), nextCursor };
}

const adminOrgIds = (roles: readonly RoleGrant[]) => roles.filter((r) => r.role === 'org_admin').map((r) => r.orgId);

async function orgNames(orgs: OrgProjection, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => orgs.get(id)));
  return new Map(found.filter((o) => o !== null).map((o) => [o._id, o.name]));
}

export function toTransferView(t: TransferDocument, names: Map<string, string>) {
  const org = (id: string | null) => (id ? { id, name: names.get(id) ?? null } : null);
  return {
    id: t._id,
    direction: t.direction,
    member: { id: t.memberId, name: t.memberName },
    fromBranch: org(t.fromBranchId),
    toOrg: { ...org(t.toOrgId), type: t.toOrgType },
    assignedBranch: t.toOrgType === 'branch' ? null : org(t.targetBranchId),
    reason: { code: t.reasonCode, text: t.reasonText },
    status: t.status,
    awaitingOrgIds: t.awaitingOrgIds,
    requestedBy: t.requestedBy,
    expiresAt: new Date(t.expiresAt).toISOString(),
    history: t.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    version: t.version,
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}
