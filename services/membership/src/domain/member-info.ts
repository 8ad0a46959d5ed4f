import { EDITABLE_MEMBER_FIELDS, fieldDiffer, type EditableMemberField, type FieldDiff, type FieldValues } from '@zhtj/contracts';

export type MemberInfo = FieldValues<EditableMemberField>;
export type MemberInfoDiff = FieldDiff<EditableMemberField>;

/** Diffs of a member's editable fields (all but the ID number, which keys the account). */
export const memberInfo = fieldDiffer(EDITABLE_MEMBER_FIELDS);
