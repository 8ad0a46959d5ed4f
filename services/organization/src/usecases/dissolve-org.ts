import type { Model } from 'mongoose';
import { createEvent, isSuperiorAdminOf, orgDissolvedV1 } from '@zhtj/contracts';
import { AppError, type Caller } from '@zhtj/service-kit';
import { refuseDissolve } from '../domain/org-rules.js';
import type { BranchMemberDocument } from '../store/branch-member.model.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import { loadOrg, placeOf, updateOrgAt, type Orgs } from './org-store.js';

/**
 * POST /orgs/:id/dissolve, by the direct superior's admin: an org with active children or members
 * cannot be dissolved (nothing may be orphaned). The org keeps its id and history.
 */
export async function dissolveOrg(
  deps: { orgs: Orgs; branchMembers: Model<BranchMemberDocument> },
  caller: Caller,
  id: string,
  version: number,
  now = new Date(),
): Promise<OrgDocument> {
  const org = await loadOrg(deps.orgs, id);
  if (org.parentId === null) throw new AppError('ROOT_ORG_IMMUTABLE', { params: { action: '撤销' } });
  if (!isSuperiorAdminOf(caller.roles, placeOf(org))) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const [child, member] = await Promise.all([
    deps.orgs.exists({ parentId: org._id, status: 'active' }),
    deps.branchMembers.exists({ branchId: org._id }),
  ]);
  const refusal = refuseDissolve(org, { hasChildren: child !== null, hasMembers: member !== null });
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });
  if (version !== org.version) throw new AppError('CONFLICT');

  const event = createEvent(orgDissolvedV1, orgSnapshotOf({ ...org, status: 'dissolved', version: org.version + 1 }), {
    source: 'organization',
  });
  return updateOrgAt(deps.orgs, org, { $set: { status: 'dissolved', dissolvedAt: now } }, [event], caller.roles);
}
