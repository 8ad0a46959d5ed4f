import type { RoleGrant } from './access-token.js';
import { canManageOrg, canViewOrg, type OrgPlace } from './authority.js';

declare const viewable: unique symbol;
declare const managed: unique symbol;
declare const ownRecord: unique symbol;

/**
 * Proof that the caller may read an org and its whole subtree. Only `viewScope` and
 * `manageScope` make one, so a repository method that takes a ViewScope cannot be reached by a
 * use case that skipped the authority check: that is a compile error, not a silent leak
 * (../shared/STYLE.md, "Data access": novu's EnforceOrgId).
 */
export type ViewScope = OrgPlace & { readonly [viewable]: true };

/** Proof that the caller manages the org: its admin or its direct superior's. Also a ViewScope. */
export type ManageScope = ViewScope & { readonly [managed]: true };

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

/** The caller's scope over their own member record, or null when the record is someone else's. */
export function selfScope(caller: { memberId?: string | null | undefined }, memberId: string): SelfScope | null {
  return caller.memberId != null && caller.memberId === memberId ? ({ memberId } as SelfScope) : null;
}

/** Whether a place is the scope's org or lies below it. */
export function scopeCovers(scope: OrgPlace, org: OrgPlace): boolean {
  return org.id === scope.id || org.ancestors.includes(scope.id);
}
