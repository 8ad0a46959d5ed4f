/** The fields of an org a person edits, in the words of the pages (and of change requests). */
export const ORG_FIELD: Record<string, string> = {
  name: '组织名称',
  shortName: '组织简称',
  type: '组织类型',
  contactPhone: '联系电话',
  industry: '所属行业',
};

export const CODE_STATE: Record<string, { text: string; color: string }> = {
  none: { text: '未生成', color: 'default' },
  active: { text: '有效', color: 'success' },
  used: { text: '已使用', color: 'blue' },
  expired: { text: '已过期', color: 'warning' },
};
