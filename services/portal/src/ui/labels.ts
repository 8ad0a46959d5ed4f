/** The words the pages use for the API's codes. */
export const ORG_TYPE: Record<string, string> = {
  committee: '团委',
  working_committee: '团工委',
  general_branch: '团总支',
  branch: '团支部',
};

export const MEMBER_STATUS: Record<string, string> = { active: '正常', transferring: '转接中', removed: '已删除' };
export const IDENTITY_CHECK: Record<string, { text: string; color: string }> = {
  unverified: { text: '未认证', color: 'default' },
  passed: { text: '认证通过', color: 'success' },
  failed: { text: '认证不通过', color: 'error' },
};
export const GENDER: Record<string, string> = { male: '男', female: '女' };
export const ROLE: Record<string, string> = { org_admin: '管理员', member: '团员' };
