import {
  createEvent,
  EDITABLE_MEMBER_FIELDS,
  manageScope,
  memberUpdatedV1,
  profileOf,
  selfScope,
  type ManageScope,
  type PatchMemberBody,
  AppError,
  type AppliedApproval,
} from '@zhtj/contracts';
import { requireManage, type Caller } from '@zhtj/service-kit';
import { memberInfo, type MemberInfo, type MemberInfoDiff } from '../domain/member-info.js';
import { validateMember } from '../domain/member-rules.js';
import type { DevelopmentNumbers } from '../store/development-number.repository.js';
import type { MemberChangeRequestDocument } from '../store/member-change-request.model.js';
import type { MemberChangeRequestRepository } from '../store/member-change-request.repository.js';
import type { MemberDocument } from '../store/member.model.js';
import { branchPlaceOf, type Authorized, type MemberRepository } from '../store/member.repository.js';
import { toMemberView } from './member-view.js';

export interface MemberInfoDependencies {
  members: MemberRepository;
  changeRequests: MemberChangeRequestRepository;
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
  // A manager changes the info at once; the member themself asks for it.
  const { member, scope } = await deps.members.get(
    id,
    (m) =>
      manageScope(caller.roles, branchPlaceOf(m)) ??
      selfScope(caller, m._id) ??
      requireManage(caller.roles, branchPlaceOf(m), { unseen: 'MEMBER_NOT_FOUND' }),
  );
  if (patch.version !== member.version) {
    throw new AppError('CONFLICT', { extensions: { current: toMemberView(member, { full: true }) } });
  }
  const { version: _seen, idNumber: _id, ...fields } = patch;
  const diff = memberInfo.diff(infoOf(member), fields);
  if (memberInfo.changed(diff).length === 0) return { applied: member };
  checkRules(member, diff, today);
  if ('id' in scope) return { applied: await applyMemberDiff(deps, { member, scope }, diff, today) };
  return { changeRequest: await deps.changeRequests.file({ member, scope }, diff, caller) };
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
  { member, scope }: Authorized<ManageScope>,
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
      profile: profileOf({ ...member, ...Object.fromEntries(memberInfo.changed(diff).map((f) => [f, diff[f]!.to])) }),
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
    const updated = await deps.members.saveWithEvents(scope, member, { $set: set }, [event], (current) =>
      toMemberView(current, { full: true }),
    );
    if (numberChange?.from) await deps.developmentNumbers.release([{ number: numberChange.from, memberId: member._id }]);
    return updated;
  } catch (error) {
    if (numberChange?.to) await deps.developmentNumbers.release([{ number: numberChange.to, memberId: member._id }]);
    throw error;
  }
}
