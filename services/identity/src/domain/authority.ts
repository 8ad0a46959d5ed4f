import type { RoleGrant } from '@zhtj/contracts';

/**
 * "The administrator of the immediate superior organisation" rule: an org admin manages their
 * own org and its direct children. For a member that means the member's branch, or the branch's
 * direct superior (the last of the branch's ancestors).
 */
export function canManageMemberOf(roles: readonly RoleGrant[], branch: { id: string; ancestors: readonly string[] }): boolean {
  const parentId = branch.ancestors.at(-1);
  return roles.some((r) => r.role === 'org_admin' && (r.orgId === branch.id || r.orgId === parentId));
}
