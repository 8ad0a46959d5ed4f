import { canManageOrg, isAdminOf, TRANSFER_REASONS, type OrgPlace, type OrgType, type RoleGrant } from '@zhtj/contracts';

/** A reason from the list; 其他 needs an explanation of at least 10 characters. */
export function checkReason(reason: { code: string; text?: string | undefined }): { code: string; text: string | null } | null {
  const known = TRANSFER_REASONS.find((r) => r.code === reason.code);
  if (!known) return null;
  const text = reason.text?.trim() || null;
  if (known.code === 'other' && [...(text ?? '')].length < 10) return null;
  return { code: known.code, text };
}

export interface TransferPlaces {
  direction: 'in' | 'out';
  fromBranch: OrgPlace;
  toOrg: OrgPlace & { type: OrgType };
}

/**
 * Whose admins approve a pending transfer (the FAQ's routing):
 * - transfer-in: the member's current branch, or that branch's direct superior;
 * - transfer-out to a branch: that branch, or its direct superior;
 * - transfer-out to a committee, working committee or general branch: that org itself, which then
 *   assigns one of its branches.
 */
export function approverOrgIds(t: TransferPlaces): string[] {
  const around = (place: OrgPlace) => [place.id, ...place.ancestors.slice(-1)];
  if (t.direction === 'in') return around(t.fromBranch);
  return t.toOrg.type === 'branch' ? around(t.toOrg) : [t.toOrg.id];
}

export function canApprove(roles: readonly RoleGrant[], t: TransferPlaces): boolean {
  if (t.direction === 'in') return canManageOrg(roles, t.fromBranch);
  return t.toOrg.type === 'branch' ? canManageOrg(roles, t.toOrg) : isAdminOf(roles, t.toOrg.id);
}

/** The branch an approving committee assigns must be an active branch below it. */
export function assignableBranch(
  target: OrgPlace,
  branch: { type: OrgType; status: string; ancestors: readonly string[] },
): boolean {
  return branch.type === 'branch' && branch.status === 'active' && branch.ancestors.includes(target.id);
}
