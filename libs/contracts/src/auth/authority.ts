import type { RoleGrant } from './access-token.js';

/** Where an org sits in the tree: enough to decide authority without reading anything else. */
export interface OrgPlace {
  id: string;
  /** Ids from the root down to the parent. */
  ancestors: readonly string[];
}

/** Whether the caller administers exactly this org. */
export function isAdminOf(roles: readonly RoleGrant[], orgId: string | null | undefined): boolean {
  return orgId != null && roles.some((r) => r.role === 'org_admin' && r.orgId === orgId);
}

/** Whether the caller administers the org's direct superior ("上级组织管理员"). */
export function isSuperiorAdminOf(roles: readonly RoleGrant[], org: OrgPlace): boolean {
  return isAdminOf(roles, org.ancestors.at(-1));
}

/**
 * "The administrator of the immediate superior organisation" rule: an org admin manages their own
 * org and its direct children, nothing deeper. For a member, pass the member's branch.
 */
export function canManageOrg(roles: readonly RoleGrant[], org: OrgPlace): boolean {
  return isAdminOf(roles, org.id) || isSuperiorAdminOf(roles, org);
}

/** Read access covers the whole subtree: the caller administers the org or one of its ancestors. */
export function canViewOrg(roles: readonly RoleGrant[], org: OrgPlace): boolean {
  return isAdminOf(roles, org.id) || org.ancestors.some((a) => isAdminOf(roles, a));
}
