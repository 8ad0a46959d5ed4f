import type { OrgPlace } from '@zhtj/contracts';
import type { OrgProjection, ProjectedOrg } from '@zhtj/store';
import { AppError } from '@zhtj/contracts';

/** The org as membership knows it, from its projection of the ORG stream. */
export async function knownOrg(orgs: OrgProjection, id: string): Promise<ProjectedOrg> {
  const org = await orgs.get(id);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org;
}

/** Members live only in active branches: anything else is refused with the reason. */
export async function activeBranch(orgs: OrgProjection, id: string): Promise<ProjectedOrg> {
  const org = await knownOrg(orgs, id);
  if (org.type !== 'branch') throw new AppError('MEMBER_NOT_IN_BRANCH');
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
  return org;
}

export const placeOf = (org: ProjectedOrg): OrgPlace => ({ id: org._id, ancestors: org.ancestors });
