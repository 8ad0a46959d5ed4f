import { EDITABLE_MEMBER_FIELDS, fieldDiffer, type EditableMemberField, type FieldDiff, type FieldValues } from '@zhtj/contracts';

export type MemberInfo = FieldValues<EditableMemberField>;
export type MemberInfoDiff = FieldDiff<EditableMemberField>;

/** Diffs of a member's editable fields (all but the ID number, which keys the account). */
export const memberInfo = fieldDiffer(EDITABLE_MEMBER_FIELDS);

export const MEMBER_FIELD_LABELS: Record<EditableMemberField, string> = {
  name: '姓名',
  ethnicity: '民族',
  politicalStatus: '政治面貌',
  joinedAt: '入团年月',
  developmentNumber: '发展团员编号',
  educationFullTime: '全日制学历',
  educationHighest: '最高学历',
  occupation: '职业',
  employer: '学习工作单位',
  phone: '手机号码',
};
