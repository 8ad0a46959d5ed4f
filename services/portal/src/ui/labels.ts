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

/** A transfer's status as its people read it (组织关系转接). */
export const TRANSFER_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待审批', color: 'processing' },
  approved: { text: '已批准，转接中', color: 'processing' },
  awaiting_assignment: { text: '待分配团支部', color: 'warning' },
  completed: { text: '已完成', color: 'success' },
  rejected: { text: '已驳回', color: 'error' },
  cancelled: { text: '已撤回', color: 'default' },
  expired: { text: '已过期', color: 'default' },
  failed: { text: '未能转接', color: 'error' },
};

/** What each step of a transfer's history was (办理记录). */
export const TRANSFER_ACTION: Record<string, string> = {
  requested: '提出申请',
  approved: '批准',
  assigned: '分配团支部',
  completed: '转接完成',
  rejected: '驳回',
  cancelled: '撤回',
  expired: '过期',
  failed: '未能转接',
};

/** A change request's status: an org's info for its superior, a member's own for the branch. */
export const CHANGE_REQUEST_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待审批', color: 'processing' },
  approved: { text: '已批准', color: 'success' },
  rejected: { text: '已驳回', color: 'error' },
};
