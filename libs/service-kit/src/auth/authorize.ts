import {
  manageScope,
  viewScope,
  type ErrorCode,
  type ManageScope,
  type OrgPlace,
  type RoleGrant,
  type ViewScope,
} from '@zhtj/contracts';
import { AppError } from '@zhtj/contracts';

/**
 * The caller's read scope over an org, or the refusal (FORBIDDEN_ORG_SCOPE unless told: a record
 * looked up by id outside one's subtree answers as not found, so nothing about other orgs leaks).
 */
export function requireView(roles: readonly RoleGrant[], org: OrgPlace, refusal: ErrorCode = 'FORBIDDEN_ORG_SCOPE'): ViewScope {
  const scope = viewScope(roles, org);
  if (!scope) throw new AppError(refusal);
  return scope;
}

/**
 * The caller's management scope over an org. Refused with FORBIDDEN_ORG_SCOPE when the caller can
 * see the org but not manage it, and with `unseen` (by default the same) when they cannot even see it.
 */
export function requireManage(roles: readonly RoleGrant[], org: OrgPlace, options: { unseen?: ErrorCode } = {}): ManageScope {
  const scope = manageScope(roles, org);
  if (scope) return scope;
  throw new AppError(viewScope(roles, org) || !options.unseen ? 'FORBIDDEN_ORG_SCOPE' : options.unseen);
}
