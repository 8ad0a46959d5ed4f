import { canViewOrg, type RoleGrant } from '@zhtj/contracts';
import { AppError, keysetPage, type PageRequest } from '@zhtj/service-kit';
import type { OrgDocument } from '../store/org.model.js';
import { loadOrg, placeOf, type Orgs } from './org-store.js';
import { toOrgView } from './org-view.js';

/**
 * Who may read an org: admins of it or of any org above it ("本级及下级"), and the members of a
 * branch reading their own branch.
 */
function canRead(roles: readonly RoleGrant[], org: OrgDocument): boolean {
  return canViewOrg(roles, placeOf(org)) || roles.some((r) => r.role === 'member' && r.orgId === org._id);
}

export async function readableOrg(orgs: Orgs, roles: readonly RoleGrant[], id: string): Promise<OrgDocument> {
  const org = await loadOrg(orgs, id);
  if (!canRead(roles, org)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  return org;
}

export type { PageRequest } from '@zhtj/service-kit';

const LIST_FIELDS = '-outbox -outboxLock -secretaryHistory';

/** Direct children, by id (creation order), a page at a time. */
export async function listChildren(
  orgs: Orgs,
  roles: readonly RoleGrant[],
  id: string,
  page: PageRequest & { status: 'active' | 'dissolved' | 'all' },
) {
  await readableOrg(orgs, roles, id);
  const filter: Record<string, unknown> = { parentId: id };
  if (page.status !== 'all') filter.status = page.status;
  const { items, nextCursor } = await keysetPage(orgs, filter, page, { select: LIST_FIELDS });
  return { items: items.map((o) => toOrgView(o, roles, { list: true })), nextCursor };
}

/**
 * Every org below `id`, a page at a time. The query is a range of the `{ ancestors, _id }` index,
 * so a page from the national root costs what a page from a county does.
 */
export async function listSubtree(orgs: Orgs, roles: readonly RoleGrant[], id: string, page: PageRequest) {
  const org = await readableOrg(orgs, roles, id);
  if (!canViewOrg(roles, placeOf(org))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const { items, nextCursor } = await keysetPage(orgs, { ancestors: id }, page, { select: LIST_FIELDS });
  return { items: items.map((o) => toOrgView(o, roles, { list: true })), nextCursor };
}

/** The names from the root down to the org itself, e.g. for "团中央 / 某省团委 / … / 某团支部". */
export async function orgPath(orgs: Orgs, roles: readonly RoleGrant[], id: string) {
  const org = await readableOrg(orgs, roles, id);
  const ancestors = await orgs
    .find({ _id: { $in: org.ancestors } })
    .select('_id name shortName type')
    .lean<Pick<OrgDocument, '_id' | 'name' | 'shortName' | 'type'>[]>();
  const byId = new Map(ancestors.map((a) => [a._id, a]));
  const chain = [...org.ancestors.map((a) => byId.get(a)), org].filter((o) => o !== undefined);
  return { items: chain.map((o) => ({ id: o._id, name: o.name, shortName: o.shortName ?? null, type: o.type })) };
}
