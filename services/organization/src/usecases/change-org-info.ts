import {
  adminScope,
  createEvent,
  orgUpdatedV1,
  superiorScope,
  type ManageScope,
  type PatchOrgBody,
  type RoleGrant,
  AppError,
  type AppliedApproval,
} from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import { orgInfo, type OrgInfo, type OrgInfoDiff } from '../domain/org-info.js';
import { refuseTypeChange } from '../domain/org-rules.js';
import type { BranchMemberRepository } from '../store/branch-member.repository.js';
import type { OrgChangeRequestDocument } from '../store/org-change-request.model.js';
import type { OrgChangeRequestRepository } from '../store/org-change-request.repository.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import { placeOf, type AuthorizedOrg, type OrgRepository } from '../store/org.repository.js';
import { toOrgView } from './org-view.js';

export interface OrgInfoDependencies {
  orgs: OrgRepository;
  changeRequests: OrgChangeRequestRepository;
  branchMembers: BranchMemberRepository;
}

/** CONFLICT carrying the org as it is now, so the editor can merge and retry without losing work. */
function conflictWith(org: OrgDocument, roles: readonly RoleGrant[]): AppError {
  return new AppError('CONFLICT', { extensions: { current: toOrgView(org, roles) } });
}

export function infoOf(org: OrgDocument): OrgInfo {
  return {
    name: org.name,
    shortName: org.shortName ?? null,
    type: org.type,
    contactPhone: org.contactPhone ?? null,
    industry: org.industry ?? null,
  };
}

export type ChangeOutcome = { applied: OrgDocument } | { changeRequest: OrgChangeRequestDocument };

/**
 * PATCH /orgs/:id. The direct superior's admin changes the info at once; the org's own admin
 * files a change request for the superior to decide (the root, having no superior, changes at
 * once). Anyone else is outside their scope. `version` is what the editor saw.
 */
export async function changeOrgInfo(
  deps: OrgInfoDependencies,
  caller: Caller,
  id: string,
  patch: PatchOrgBody,
): Promise<ChangeOutcome> {
  const { org, scope: as } = await deps.orgs.get(id, (o) => {
    const superior = superiorScope(caller.roles, placeOf(o));
    if (superior) return { by: 'superior' as const, scope: superior };
    const own = adminScope(caller.roles, placeOf(o));
    if (own) return { by: 'own admin' as const, scope: own };
    throw new AppError('FORBIDDEN_ORG_SCOPE');
  });
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
  if (patch.version !== org.version) throw conflictWith(org, caller.roles);

  const { version: _seen, ...fields } = patch;
  const diff = orgInfo.diff(infoOf(org), fields);
  if (orgInfo.changed(diff).length === 0) return { applied: org };
  await checkDiff(deps, org, diff);
  // The root has no superior: its own admin changes it at once.
  if (as.by === 'superior' || org.parentId === null)
    return { applied: await applyDiff(deps, caller, { org, scope: as.scope }, diff) };

  await ensureNameFree(deps.orgs, org, diff);
  return { changeRequest: await deps.changeRequests.file({ org, scope: as.scope }, diff, caller) };
}

/** The rules a diff must keep, checked when it is asked for and again when it is applied. */
export async function checkDiff(deps: OrgInfoDependencies, org: OrgDocument, diff: OrgInfoDiff): Promise<void> {
  const newType = diff.type?.to;
  if (!newType || newType === org.type) return;
  const [around, hasMembers] = await Promise.all([deps.orgs.typesAround(org), deps.branchMembers.hasMembers(org._id)]);
  const refusal = refuseTypeChange(org.type, newType as OrgDocument['type'], {
    parentType: around.parentType,
    hasChildren: around.childTypes.length > 0,
    hasMembers,
    childTypes: [...new Set(around.childTypes)],
  });
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });
}

/** A request that renames onto a sibling's name is refused when it is made, not only when approved. */
async function ensureNameFree(orgs: OrgRepository, org: OrgDocument, diff: OrgInfoDiff): Promise<void> {
  const name = diff.name?.to;
  if (name && (await orgs.siblingHasName(org, name))) {
    throw new AppError('ORG_NAME_TAKEN', { params: { name } });
  }
}

/**
 * Applies a diff to the org as read, with `org.updated` in the same write — and, for an
 * approval, the record of that approval, so that the change and its decision cannot come apart.
 */
export async function applyDiff(
  deps: OrgInfoDependencies,
  caller: Caller,
  { org, scope }: AuthorizedOrg<ManageScope>,
  diff: OrgInfoDiff,
  approval?: AppliedApproval,
): Promise<OrgDocument> {
  const update = orgInfo.update(diff);
  const $set = approval ? { ...update.$set, lastApproval: approval } : update.$set;
  const { $unset } = update;
  const after = { ...org, ...$set, ...Object.fromEntries(Object.keys($unset).map((k) => [k, null])), version: org.version + 1 };
  const event = createEvent(
    orgUpdatedV1,
    { ...orgSnapshotOf(after as OrgDocument), changedFields: orgInfo.changed(diff) },
    { source: 'organization' },
  );
  return deps.orgs.saveWithEvents(scope, org, { $set, $unset }, [event], (current) => toOrgView(current, caller.roles));
}
