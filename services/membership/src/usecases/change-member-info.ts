import type { Model } from 'mongoose';
import {
  canManageOrg,
  canViewOrg,
  createEvent,
  EDITABLE_MEMBER_FIELDS,
  memberUpdatedV1,
  newId,
  type PatchMemberBody,
} from '@zhtj/contracts';
import { AppError, type AppliedApproval, type Caller } from '@zhtj/service-kit';
import { memberInfo, type MemberInfo, type MemberInfoDiff } from '../domain/member-info.js';
import { validateMember } from '../domain/member-rules.js';
import type { MemberChangeRequestDocument } from '../store/member-change-request.model.js';
import type { MemberDocument } from '../store/member.model.js';
import { branchPlaceOf } from './branches.js';
import type { DevelopmentNumbers } from './development-numbers.js';
import { loadMember, updateMemberAt, type Members } from './member-store.js';
import { toMemberView } from './member-view.js';

export interface MemberInfoDependencies {
  members: Members;
  changeRequests: Model<MemberChangeRequestDocument>;
  developmentNumbers: DevelopmentNumbers;
}

export function infoOf(member: MemberDocument): MemberInfo {
  return Object.fromEntries(EDITABLE_MEMBER_FIELDS.map((f) => [f, member[f] ?? null])) as MemberInfo;
}

export type MemberChangeOutcome = { applied: MemberDocument } | { changeRequest: MemberChangeRequestDocument };

/**
 * PATCH /members/:id, the FAQ's three ways: the branch's admin or its direct superior's admin
 * change the info at once; the member files a change request the branch admin decides. The ID
 * number is never edited in place (it keys the account).
 */
export async function changeMemberInfo(
  deps: MemberInfoDependencies,
  caller: Caller,
  id: string,
  patch: PatchMemberBody,
  today = new Date(),
): Promise<MemberChangeOutcome> {
  if (patch.idNumber !== undefined) throw new AppError('ID_NUMBER_NOT_EDITABLE');
  const member = await loadMember(deps.members, id);
  const manager = canManageOrg(caller.roles, branchPlaceOf(member));
  const self = caller.memberId === member._id;
  if (!manager && !self) {
    throw new AppError(canViewOrg(caller.roles, branchPlaceOf(member)) ? 'FORBIDDEN_ORG_SCOPE' : 'MEMBER_NOT_FOUND');
  }
  if (patch.version !== member.version) {
    throw new AppError('CONFLICT', { extensions: { current: toMemberView(member, { full: true }) } });
  }
  const { version: _seen, idNumber: _id, ...fields } = patch;
  const diff = memberInfo.diff(infoOf(member), fields);
  if (memberInfo.changed(diff).length === 0) return { applied: member };
  checkRules(member, diff, today);
  if (manager) return { applied: await applyMemberDiff(deps, member, diff, today) };

  const request = await deps.changeRequests.create({
    _id: newId(),
    memberId: member._id,
    memberName: member.name,
    branchId: member.branchId,
    changes: diff,
    baseVersion: member.version,
    requestedBy: { accountId: caller.accountId, name: caller.name },
    status: 'pending',
  });
  return { changeRequest: request.toObject() };
}

/** The member's record with the diff applied must still keep every rule. */
export function checkRules(member: MemberDocument, diff: MemberInfoDiff, today: Date): void {
  const merged = { ...infoOf(member), idNumber: member.idNumber };
  for (const field of memberInfo.changed(diff)) merged[field] = diff[field]!.to;
  const checked = validateMember(merged as Parameters<typeof validateMember>[0], today);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', { errors: checked.issues });
}

/**
 * Applies a diff with `member.updated` in the same write — and, for an approval, the record of
 * that approval, so that the change and its decision cannot come apart. A new development
 * number is reserved first and the old one freed after, so no two members ever hold one.
 */
export async function applyMemberDiff(
  deps: MemberInfoDependencies,
  member: MemberDocument,
  diff: MemberInfoDiff,
  today: Date,
  approval?: AppliedApproval,
): Promise<MemberDocument> {
  checkRules(member, diff, today);
  const numberChange = diff.developmentNumber;
  if (numberChange?.to) {
    const taken = await deps.developmentNumbers.reserve([{ number: numberChange.to, memberId: member._id }]);
    if (taken.size > 0) throw new AppError('DEVELOPMENT_NUMBER_TAKEN');
  }
  const { $set, $unset } = memberInfo.update(diff);
  const event = createEvent(
    memberUpdatedV1,
    {
      id: member._id,
      branchId: member.branchId,
      branchAncestors: member.branchAncestors,
      version: member.version + 1,
      name: diff.name?.to ?? member.name,
      changedFields: memberInfo.changed(diff),
    },
    { source: 'membership' },
  );
  // A cleared optional field is stored as null, like a field never filled.
  const set = {
    ...$set,
    ...Object.fromEntries(Object.keys($unset).map((k) => [k, null])),
    ...(approval ? { lastApproval: approval } : {}),
  };
  try {
    const updated = await updateMemberAt(deps.members, member, { $set: set }, [event], { full: true });
    if (numberChange?.from) await deps.developmentNumbers.release([{ number: numberChange.from, memberId: member._id }]);
    return updated;
  } catch (error) {
    if (numberChange?.to) await deps.developmentNumbers.release([{ number: numberChange.to, memberId: member._id }]);
    throw error;
  }
}
