import { canManageOrg, canViewOrg, isAdminOf, isSuperiorAdminOf } from '@zhtj/contracts/authority';
import type { Session } from './session';

interface Place {
  id: string;
  ancestors: readonly string[];
}

/**
 * What the signed-in admin may do with an org, by the server's own rule (an admin manages their
 * org and its direct children, views the whole subtree). The page only hides what would be
 * refused; the server decides.
 */
export function orgAuthority(session: Session | null, org: Place | undefined) {
  const roles = session?.account.roles ?? [];
  if (!org) return { own: false, superior: false, manage: false, view: false };
  return {
    /** I administer this org: its registration codes, its change-request inbox, requests for its info. */
    own: isAdminOf(roles, org.id),
    /** I administer its direct superior: edits apply at once, I may dissolve it. */
    superior: isSuperiorAdminOf(roles, org),
    manage: canManageOrg(roles, org),
    view: canViewOrg(roles, org),
  };
}
