import type { RoleGrant } from './access-token.js';
import { canManageOrg, canViewOrg, isAdminOf, isSuperiorAdminOf, type OrgPlace } from './authority.js';

declare const viewable: unique symbol;
declare const managed: unique symbol;
declare const administered: unique symbol;
declare const superior: unique symbol;
declare const ownRecord: unique symbol;
declare const ownBranch: unique symbol;

/**
 * Proof that the caller may read an org and its whole subtree. Only `viewScope` and
 * `manageScope` make one, so a repository method that takes a ViewScope cannot be reached by a
 * use case that skipped the authority check: that is a compile error, not a silent leak
 * (../shared/STYLE.md, "Data access": novu's EnforceOrgId).
 */
export type ViewScope = OrgPlace & { readonly [viewable]: true };

/** Proof that the caller manages the org: its admin or its direct superior's. Also a ViewScope. */
export type ManageScope = ViewScope & { readonly [managed]: true };

/** Proof that the caller administers exactly this org (its own admin: it creates children, issues their codes). */
export type AdminScope = ManageScope & { readonly [administered]: true };

/** Proof that the caller administers the org's direct superior (上级组织管理员: it approves and dissolves). */
export type SuperiorScope = ManageScope & { readonly [superior]: true };

/** Proof that the caller is a member of this branch (reading their own branch). */
export type MemberOfScope = OrgPlace & { readonly [ownBranch]: true };

/** Proof that the caller is the member the record belongs to (their own 我的 pages). */
export interface SelfScope {
  readonly memberId: string;
  readonly [ownRecord]: true;
}

const place = (org: OrgPlace): OrgPlace => ({ id: org.id, ancestors: [...org.ancestors] });

/** The caller's read scope over the org, or null when it is outside their authority. */
export function viewScope(roles: readonly RoleGrant[], org: OrgPlace): ViewScope | null {
  return canViewOrg(roles, org) ? (place(org) as ViewScope) : null;
}

/** The caller's management scope over the org, or null when they do not manage it. */
export function manageScope(roles: readonly RoleGrant[], org: OrgPlace): ManageScope | null {
  return canManageOrg(roles, org) ? (place(org) as ManageScope) : null;
}

/** The caller's scope as the org's own admin, or null. */
export function adminScope(roles: readonly RoleGrant[], org: OrgPlace): AdminScope | null {
  return isAdminOf(roles, org.id) ? (place(org) as AdminScope) : null;
}

/** The caller's scope as the admin of the org's direct superior, or null (always for the root). */
export function superiorScope(roles: readonly RoleGrant[], org: OrgPlace): SuperiorScope | null {
  return isSuperiorAdminOf(roles, org) ? (place(org) as SuperiorScope) : null;
}

/** The caller's scope as a member of the branch, or null. */
export function memberOfScope(roles: readonly RoleGrant[], org: OrgPlace): MemberOfScope | null {
  return roles.some((r) => r.role === 'member' && r.orgId === org.id) ? (place(org) as MemberOfScope) : null;
}

/** The caller's scope over their own member record, or null when the record is someone else's. */
export function selfScope(caller: { memberId?: string | null | undefined }, memberId: string): SelfScope | null {
  return caller.memberId != null && caller.memberId === memberId ? ({ memberId } as SelfScope) : null;
}

/** Whether a place is the scope's org or lies below it. */
export function scopeCovers(scope: OrgPlace, org: OrgPlace): boolean {
  return org.id === scope.id || org.ancestors.includes(scope.id);
}
