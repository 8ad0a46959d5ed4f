import { createEvent, orgDissolvedV1, superiorScope, AppError } from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { refuseDissolve } from '../domain/org-rules.js';
import type { BranchMemberRepository } from '../store/branch-member.repository.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import { placeOf, type OrgRepository } from '../store/org.repository.js';
import { toOrgView } from './org-view.js';

/**
 * POST /orgs/:id/dissolve, by the direct superior's admin: an org with active children or members
 * cannot be dissolved (nothing may be orphaned). The org keeps its id and history.
 */
export async function dissolveOrg(
  deps: { orgs: OrgRepository; branchMembers: BranchMemberRepository },
  caller: Caller,
  id: string,
  version: number,
  now = new Date(),
): Promise<OrgDocument> {
  const { org, scope } = await deps.orgs.get(id, (o) => {
    if (o.parentId === null) throw new AppError('ROOT_ORG_IMMUTABLE', { params: { action: '撤销' } });
    const superior = superiorScope(caller.roles, placeOf(o));
    if (!superior) throw new AppError('FORBIDDEN_ORG_SCOPE');
    return superior;
  });
  const [hasChildren, hasMembers] = await Promise.all([
    deps.orgs.hasActiveChild(org._id),
    deps.branchMembers.hasMembers(org._id),
  ]);
  const refusal = refuseDissolve(org, { hasChildren, hasMembers });
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });
  if (version !== org.version) throw new AppError('CONFLICT');

  const event = createEvent(orgDissolvedV1, orgSnapshotOf({ ...org, status: 'dissolved', version: org.version + 1 }), {
    source: 'organization',
  });
  return deps.orgs.saveWithEvents(scope, org, { $set: { status: 'dissolved', dissolvedAt: now } }, [event], (current) =>
    toOrgView(current, caller.roles),
  );
}
