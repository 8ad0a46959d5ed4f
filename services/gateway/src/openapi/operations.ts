import { z } from 'zod';
import {
  accountView,
  assignTransferBody,
  captchaView,
  cadreView,
  createCadreBody,
  createMemberBody,
  createOrgBody,
  createTransferBody,
  decisionBody,
  dissolveOrgBody,
  generatedCodesView,
  importAcceptedView,
  orgStatisticsView,
  statisticsChildrenQuery,
  importJobView,
  importListQuery,
  importUploadQuery,
  loginBody,
  loginView,
  messageListQuery,
  messagePage,
  messageView,
  readAllView,
  unreadCountView,
  memberChangeAcceptedView,
  memberChangeDecisionView,
  memberChangeRequestQuery,
  memberChangeRequestView,
  memberListQuery,
  memberView,
  orgChangeAcceptedView,
  orgChangeDecisionView,
  orgChangeRequestQuery,
  orgChangeRequestView,
  orgChildrenQuery,
  orgPathView,
  orgSearchQuery,
  orgSearchView,
  orgView,
  pageOf,
  pageQuery,
  passwordChangeBody,
  patchMemberBody,
  jwksView,
  passwordResetCodeView,
  patchOrgBody,
  refreshBody,
  registerAdminBody,
  registeredAdminView,
  registrationCodesBody,
  registrationCodeStatesView,
  removeMemberQuery,
  resetPasswordBody,
  secretaryBody,
  secretaryHistoryView,
  sessionView,
  transferListQuery,
  transferView,
} from '@zhtj/contracts';

/** What the OpenAPI document says of one operation; the schemas are the services' own (libs/contracts). */
export interface OperationDoc {
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** A multipart upload with one file field. */
  upload?: string;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** The answer is a file of this media type. */
  file?: string;
  /** The answer is a stream of server-sent events, as described here. */
  events?: string;
  status?: number;
  /** Other successful answers: status → body (e.g. 202 when a change became a request). */
  otherResponses?: Record<number, { description: string; schema: z.ZodType }>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Every operation of the routing table, by `METHOD /path`. A test holds the two together: a
 * route without its entry here (or an entry without a route) fails CI.
 */
export const operations: Record<string, OperationDoc> = {
  'GET /auth/captcha': { tag: 'identity', summary: '获取图形验证码 / a captcha for login', response: captchaView },
  'POST /auth/login': {
    tag: 'identity',
    summary: '身份证号码 + 密码 + 验证码登录 / log in by ID number',
    body: loginBody,
    response: loginView,
  },
  'POST /auth/refresh': {
    tag: 'identity',
    summary: '刷新令牌（轮换）/ rotate the refresh token',
    body: refreshBody,
    response: sessionView,
  },
  'POST /auth/logout': { tag: 'identity', summary: '退出登录 / revoke the refresh token', body: refreshBody, status: 204 },
  'GET /auth/me': { tag: 'identity', summary: '当前账号（证件号脱敏）/ the signed-in account', response: accountView },
  'POST /auth/password': {
    tag: 'identity',
    summary: '修改密码（首次登录必须修改）/ change password',
    body: passwordChangeBody,
    status: 204,
  },
  'POST /auth/reset-password': {
    tag: 'identity',
    summary: '用重置码重设密码 / reset with a reset code',
    body: resetPasswordBody,
    status: 204,
  },
  'POST /auth/register-admin': {
    tag: 'identity',
    summary: '凭管理员注册码注册 / register as an org admin',
    body: registerAdminBody,
    response: registeredAdminView,
    status: 201,
  },
  'POST /members/:id/password-reset-code': {
    tag: 'identity',
    summary: '为团员签发密码重置码 / issue a reset code',
    response: passwordResetCodeView,
    status: 201,
  },
  'GET /.well-known/jwks.json': { tag: 'identity', summary: '验证令牌的公钥 / public keys', response: jwksView },

  'GET /org-search': {
    tag: 'organization',
    summary: '按名称查找组织（无需登录）/ find orgs by part of their name',
    query: orgSearchQuery,
    response: orgSearchView,
  },
  'POST /orgs': {
    tag: 'organization',
    summary: '创建下级组织 / create a child org',
    body: createOrgBody,
    response: orgView,
    status: 201,
  },
  'GET /orgs/:id': { tag: 'organization', summary: '组织信息 / an org', response: orgView },
  'PATCH /orgs/:id': {
    tag: 'organization',
    summary: '修改组织信息（本级提交申请，上级直接生效）/ change org info',
    body: patchOrgBody,
    response: orgView,
    otherResponses: {
      202: { description: 'the org’s own admin: the change became a request for the superior', schema: orgChangeAcceptedView },
    },
  },
  'GET /orgs/:id/children': {
    tag: 'organization',
    summary: '直属下级 / direct children',
    query: orgChildrenQuery,
    response: pageOf(orgView),
  },
  'GET /orgs/:id/subtree': {
    tag: 'organization',
    summary: '全部下级 / the whole subtree',
    query: pageQuery,
    response: pageOf(orgView),
  },
  'GET /orgs/:id/path': { tag: 'organization', summary: '组织路径 / names from the root', response: orgPathView },
  'PUT /orgs/:id/secretary': {
    tag: 'organization',
    summary: '设置书记（需核验）/ set the secretary',
    body: secretaryBody,
    response: orgView,
  },
  'GET /orgs/:id/secretary/history': {
    tag: 'organization',
    summary: '书记历任 / secretary history',
    response: secretaryHistoryView,
  },
  'POST /orgs/:id/dissolve': { tag: 'organization', summary: '撤销组织 / dissolve', body: dissolveOrgBody, response: orgView },
  'GET /orgs/:id/change-requests': {
    tag: 'organization',
    summary: '组织信息变更申请 / info change requests',
    query: orgChangeRequestQuery,
    response: pageOf(orgChangeRequestView),
  },
  'POST /org-change-requests/:id/approve': {
    tag: 'organization',
    summary: '批准变更 / approve',
    body: decisionBody,
    response: orgChangeDecisionView,
  },
  'POST /org-change-requests/:id/reject': {
    tag: 'organization',
    summary: '驳回变更 / reject',
    body: decisionBody,
    response: orgChangeDecisionView,
  },
  'POST /orgs/:id/registration-codes': {
    tag: 'organization',
    summary: '生成下级管理员注册码（JSON 或 xlsx）/ registration codes',
    body: registrationCodesBody,
    response: generatedCodesView,
    status: 201,
  },
  'GET /orgs/:id/registration-codes': {
    tag: 'organization',
    summary: '下级注册码状态 / each child’s code state',
    response: registrationCodeStatesView,
  },
  'GET /orgs/:id/registration-codes.xlsx': { tag: 'organization', summary: '下级注册码状态表 / code states', file: XLSX },

  'GET /orgs/:id/members': {
    tag: 'membership',
    summary: '团员列表（证件号、手机号脱敏）/ members, masked',
    query: memberListQuery,
    response: pageOf(memberView),
  },
  'POST /orgs/:id/members': {
    tag: 'membership',
    summary: '添加团员 / add a member',
    body: createMemberBody,
    response: memberView,
    status: 201,
  },
  'GET /orgs/:id/member-change-requests': {
    tag: 'membership',
    summary: '团员信息变更申请 / member change requests',
    query: memberChangeRequestQuery,
    response: pageOf(memberChangeRequestView),
  },
  'GET /orgs/:id/cadres': { tag: 'membership', summary: '团干部 / cadres', query: pageQuery, response: pageOf(cadreView) },
  'POST /orgs/:id/cadres': {
    tag: 'membership',
    summary: '添加团干部 / add a cadre',
    body: createCadreBody,
    response: cadreView,
    status: 201,
  },
  'GET /members/:id/change-requests': {
    tag: 'membership',
    summary: "团员本人的信息变更申请 / one member's change requests (the member, or managers of the branch)",
    query: memberChangeRequestQuery,
    response: pageOf(memberChangeRequestView),
  },
  'PATCH /members/:id': {
    tag: 'membership',
    summary: '修改团员信息（团员本人提交申请，管理员直接生效）/ change member info',
    body: patchMemberBody,
    response: memberView,
    otherResponses: {
      202: { description: 'the member’s own change: a request for the branch’s admin', schema: memberChangeAcceptedView },
    },
  },
  'DELETE /members/:id': {
    tag: 'membership',
    summary: '删除（纠正身份证号码）/ remove to correct an ID number',
    query: removeMemberQuery,
    status: 204,
  },
  'POST /member-change-requests/:id/approve': {
    tag: 'membership',
    summary: '批准 / approve',
    body: decisionBody,
    response: memberChangeDecisionView,
  },
  'POST /member-change-requests/:id/reject': {
    tag: 'membership',
    summary: '驳回 / reject',
    body: decisionBody,
    response: memberChangeDecisionView,
  },

  'GET /transfer-reasons': {
    tag: 'transfer',
    summary: '转接原因 / transfer reasons',
    response: z.object({ items: z.array(z.object({ code: z.string(), label: z.string() })) }),
  },
  'GET /transfers': {
    tag: 'transfer',
    summary: '组织关系转接 / transfers',
    query: transferListQuery,
    response: pageOf(transferView),
  },
  'POST /transfers': {
    tag: 'transfer',
    summary: '转入或转出申请 / request a transfer',
    body: createTransferBody,
    response: transferView,
    status: 201,
  },
  'GET /transfers/:id': { tag: 'transfer', summary: '转接详情 / a transfer', response: transferView },
  'POST /transfers/:id/approve': { tag: 'transfer', summary: '批准 / approve', body: decisionBody, response: transferView },
  'POST /transfers/:id/reject': { tag: 'transfer', summary: '驳回 / reject', body: decisionBody, response: transferView },
  'POST /transfers/:id/cancel': { tag: 'transfer', summary: '撤回 / cancel', response: transferView },
  'POST /transfers/:id/assign': {
    tag: 'transfer',
    summary: '分配到团支部 / assign to a branch',
    body: assignTransferBody,
    response: transferView,
  },

  'GET /imports/template': { tag: 'import', summary: '导入模板 / the import template', file: XLSX },
  'POST /orgs/:id/imports': {
    tag: 'import',
    summary: '上传导入文件 / upload a workbook',
    upload: 'file',
    query: importUploadQuery,
    response: importAcceptedView,
    status: 202,
  },
  'GET /orgs/:id/imports': {
    tag: 'import',
    summary: '导入记录 / recent imports',
    query: importListQuery,
    response: pageOf(importJobView),
  },
  'GET /imports/:id': { tag: 'import', summary: '导入进度与结果 / progress and summary', response: importJobView },
  'GET /imports/:id/failures.xlsx': { tag: 'import', summary: '失败名单 / the failed rows with reasons', file: XLSX },

  'GET /messages': {
    tag: 'notification',
    summary: "站内消息 / my messages (newest first; mine and my orgs')",
    query: messageListQuery,
    response: messagePage,
  },
  'GET /messages/unread-count': { tag: 'notification', summary: '未读消息数 / unread messages', response: unreadCountView },
  'POST /messages/read-all': { tag: 'notification', summary: '全部标为已读 / mark all read', response: readAllView },
  'POST /messages/:id/read': { tag: 'notification', summary: '标为已读 / mark one read', response: messageView },
  'GET /messages/stream': {
    tag: 'notification',
    summary: '消息推送 / live messages (server-sent events)',
    events:
      '`unread` (data: { unread }) first and after news; `message` (data: a message; id: its id — reconnect with Last-Event-ID to get what was missed); `reauthenticate` when the token no longer verifies; a comment line as heartbeat',
  },

  'GET /orgs/:id/statistics': {
    tag: 'statistics',
    summary: '团员统计（全部下级）/ the figures of the whole subtree',
    response: orgStatisticsView,
  },
  'GET /orgs/:id/statistics/children': {
    tag: 'statistics',
    summary: '直属下级统计 / each direct child’s figures (drill-down)',
    query: statisticsChildrenQuery,
    response: pageOf(orgStatisticsView),
  },
  'GET /orgs/:id/statistics.xlsx': { tag: 'statistics', summary: '统计表 / the table as a workbook', file: XLSX },
};
