import type { Model } from 'mongoose';
import { createEvent, isAdminOf, isSuperiorAdminOf, newId, orgUpdatedV1, type PatchOrgBody } from '@zhtj/contracts';
import { AppError, type AppliedApproval, type Caller } from '@zhtj/service-kit';
import { orgInfo, type OrgInfo, type OrgInfoDiff } from '../domain/org-info.js';
import { refuseTypeChange } from '../domain/org-rules.js';
import type { BranchMemberDocument } from '../store/branch-member.model.js';
import type { OrgChangeRequestDocument } from '../store/org-change-request.model.js';
import { orgSnapshotOf, type OrgDocument } from '../store/org.model.js';
import { conflictWith, loadOrg, placeOf, updateOrgAt, type Orgs } from './org-store.js';

export interface OrgInfoDependencies {
  orgs: Orgs;
  changeRequests: Model<OrgChangeRequestDocument>;
  branchMembers: Model<BranchMemberDocument>;
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
  const org = await loadOrg(deps.orgs, id);
  const bySuperior = isSuperiorAdminOf(caller.roles, placeOf(org));
  const byOwnAdmin = isAdminOf(caller.roles, org._id);
  if (!bySuperior && !byOwnAdmin) throw new AppError('FORBIDDEN_ORG_SCOPE');
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });
  if (patch.version !== org.version) throw conflictWith(org, caller.roles);

  const { version: _seen, ...fields } = patch;
  const diff = orgInfo.diff(infoOf(org), fields);
  if (orgInfo.changed(diff).length === 0) return { applied: org };
  await checkDiff(deps, org, diff);
  if (bySuperior || org.parentId === null) return { applied: await applyDiff(deps, caller, org, diff) };

  await ensureNameFree(deps.orgs, org, diff);
  const request = await deps.changeRequests.create({
    _id: newId(),
    orgId: org._id,
    orgName: org.name,
    deciderOrgId: org.parentId,
    changes: diff,
    baseVersion: org.version,
    requestedBy: { accountId: caller.accountId, name: caller.name },
    status: 'pending',
  });
  return { changeRequest: request.toObject() };
}

/** The rules a diff must keep, checked when it is asked for and again when it is applied. */
export async function checkDiff(deps: OrgInfoDependencies, org: OrgDocument, diff: OrgInfoDiff): Promise<void> {
  const newType = diff.type?.to;
  if (!newType || newType === org.type) return;
  const [parent, children, member] = await Promise.all([
    org.parentId ? deps.orgs.findById(org.parentId).select('type').lean<Pick<OrgDocument, 'type'>>() : null,
    deps.orgs.find({ parentId: org._id, status: 'active' }).select('type').limit(1000).lean<Pick<OrgDocument, 'type'>[]>(),
    deps.branchMembers.exists({ branchId: org._id }),
  ]);
  const refusal = refuseTypeChange(org.type, newType as OrgDocument['type'], {
    parentType: parent?.type ?? null,
    hasChildren: children.length > 0,
    hasMembers: member !== null,
    childTypes: [...new Set(children.map((c) => c.type))],
  });
  if (refusal) throw new AppError(refusal.code, { params: refusal.params });
}

/** A request that renames onto a sibling's name is refused when it is made, not only when approved. */
async function ensureNameFree(orgs: Orgs, org: OrgDocument, diff: OrgInfoDiff): Promise<void> {
  const name = diff.name?.to;
  if (name && (await orgs.exists({ parentId: org.parentId, name, _id: { $ne: org._id } }))) {
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
  org: OrgDocument,
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
  return updateOrgAt(deps.orgs, org, { $set, $unset }, [event], caller.roles);
}
