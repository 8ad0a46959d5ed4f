import { memberOfScope, viewScope, type MemberOfScope, type RoleGrant, type ViewScope, AppError } from '@zhtj/contracts';
import { requireView } from '@zhtj/service-kit';
import type { OrgDocument } from '../store/org.model.js';
import { placeOf, type AuthorizedOrg, type OrgRepository } from '../store/org.repository.js';
import { toOrgView } from './org-view.js';
import { type PageRequest } from '@zhtj/store';

/**
 * Who may read an org: admins of it or of any org above it ("本级及下级"), and the members of a
 * branch reading their own branch.
 */
export function readScope(roles: readonly RoleGrant[], org: OrgDocument): ViewScope | MemberOfScope {
  const scope = viewScope(roles, placeOf(org)) ?? memberOfScope(roles, placeOf(org));
  if (!scope) throw new AppError('FORBIDDEN_ORG_SCOPE');
  return scope;
}

export function readableOrg(
  orgs: OrgRepository,
  roles: readonly RoleGrant[],
  id: string,
): Promise<AuthorizedOrg<ViewScope | MemberOfScope>> {
  return orgs.get(id, (org) => readScope(roles, org));
}

/** Direct children, by id (creation order), a page at a time. */
export async function listChildren(
  orgs: OrgRepository,
  roles: readonly RoleGrant[],
  id: string,
  page: PageRequest & { status: 'active' | 'dissolved' | 'all' },
) {
  const { scope } = await readableOrg(orgs, roles, id);
  const { items, nextCursor } = await orgs.children(scope, page.status, page);
  return { items: items.map((o) => toOrgView(o, roles, { list: true })), nextCursor };
}

/** Every org below `id`, a page at a time; for admins (a member reading their branch has none below). */
export async function listSubtree(orgs: OrgRepository, roles: readonly RoleGrant[], id: string, page: PageRequest) {
  const { org } = await readableOrg(orgs, roles, id);
  const { items, nextCursor } = await orgs.subtree(requireView(roles, placeOf(org)), page);
  return { items: items.map((o) => toOrgView(o, roles, { list: true })), nextCursor };
}

/** The names from the root down to the org itself, e.g. for "团中央 / 某省团委 / … / 某团支部". */
export async function orgPath(orgs: OrgRepository, roles: readonly RoleGrant[], id: string) {
  const { org } = await readableOrg(orgs, roles, id);
  const byId = new Map((await orgs.summaries(org.ancestors)).map((a) => [a._id, a]));
  const chain = [...org.ancestors.map((a) => byId.get(a)), org].filter((o) => o !== undefined);
  return { items: chain.map((o) => ({ id: o._id, name: o.name, shortName: o.shortName ?? null, type: o.type })) };
}
export type { PageRequest } from '@zhtj/store';
