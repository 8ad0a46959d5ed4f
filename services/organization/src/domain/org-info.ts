import { fieldDiffer, type FieldDiff, type FieldValues } from '@zhtj/contracts';

/**
 * The fields of an org that its admins edit ("完善组织信息"), apart from the secretary, which has
 * its own verified path.
 */
export const EDITABLE_ORG_FIELDS = ['name', 'shortName', 'type', 'contactPhone', 'industry'] as const;
export type EditableOrgField = (typeof EDITABLE_ORG_FIELDS)[number];
export type OrgInfo = FieldValues<EditableOrgField>;
export type OrgInfoDiff = FieldDiff<EditableOrgField>;

export const orgInfo = fieldDiffer(EDITABLE_ORG_FIELDS);

export const ORG_FIELD_LABELS: Record<EditableOrgField, string> = {
  name: '组织名称',
  shortName: '组织简称',
  type: '组织类型',
  contactPhone: '联系电话',
  industry: '所属行业',
};
