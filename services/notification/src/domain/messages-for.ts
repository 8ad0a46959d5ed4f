import {
  CHANGE_REQUEST_STATUS_LABELS,
  type EventData,
  type MessageKind,
  type memberChangeDecidedV1,
  type memberChangeRequestedV1,
  type orgChangeDecidedV1,
  type orgChangeRequestedV1,
  type TransferSnapshot,
} from '@zhtj/contracts';
import { accountAddress, orgAddress } from './inbox.js';

/** A message as the rules make it from an event; the store adds its id, time and read state. */
export interface NewMessage {
  /** `org:<id>` (that org's admins) or `account:<id>`. */
  to: string;
  kind: MessageKind;
  title: string;
  body: string;
  link: string;
}

const transferLink = (t: TransferSnapshot) => `/transfers?id=${t.id}`;
/** The org whose admin asked for the transfer: the receiving branch (in) or the member's branch (out). */
const requesterOf = (t: TransferSnapshot) => (t.direction === 'in' ? t.toOrgId : t.fromBranchId);
const directionWord = (t: TransferSnapshot) => (t.direction === 'in' ? '转入' : '转出');
/** 「张三」的 — the member named where the event names them (events before 2026-12-03 do not). */
const whose = (t: TransferSnapshot) => (t.memberName ? `团员「${t.memberName}」的` : '');

/**
 * transfer.requested: the org that decides is told. A transfer-in is approved by the member's
 * current branch (or its direct superior), a transfer-out by the target org.
 */
export function transferRequested(t: TransferSnapshot): NewMessage[] {
  const decider = t.direction === 'in' ? t.fromBranchId : t.toOrgId;
  return [
    {
      to: orgAddress(decider),
      kind: 'transfer.awaiting_approval',
      title: '组织关系转接待审批',
      body: `${t.memberName ? `团员「${t.memberName}」的` : '有一条'}组织关系${directionWord(t)}申请等待您审批。`,
      link: transferLink(t),
    },
  ];
}

/**
 * transfer.approved: a target that is not a branch must now assign the member to one of its
 * branches (请分配团支部); the requester learns it was approved either way.
 */
export function transferApproved(t: TransferSnapshot): NewMessage[] {
  const approved: NewMessage = {
    to: orgAddress(requesterOf(t)),
    kind: 'transfer.approved',
    title: '组织关系转接已批准',
    body: `您提交的${whose(t)}组织关系${directionWord(t)}申请已批准${t.targetBranchId ? '。' : '，等待接收组织分配团支部。'}`,
    link: transferLink(t),
  };
  if (t.targetBranchId) return [approved];
  return [
    {
      to: orgAddress(t.toOrgId),
      kind: 'transfer.awaiting_assignment',
      title: '请分配团支部',
      body: `${t.memberName ? `团员「${t.memberName}」` : '一名团员'}的组织关系转接已批准转入本组织，请为其分配团支部。`,
      link: transferLink(t),
    },
    approved,
  ];
}

const closed: Record<'rejected' | 'completed' | 'expired' | 'failed', { title: string; body: (t: TransferSnapshot) => string }> =
  {
    rejected: { title: '组织关系转接被驳回', body: (t) => `您提交的${whose(t)}组织关系${directionWord(t)}申请被驳回。` },
    completed: {
      title: '组织关系转接已完成',
      body: (t) => `您提交的${whose(t)}组织关系${directionWord(t)}已完成，团员已转入新团支部。`,
    },
    expired: {
      title: '组织关系转接已过期',
      body: (t) => `您提交的${whose(t)}组织关系${directionWord(t)}申请长时间未处理，已过期。`,
    },
    failed: {
      title: '组织关系转接未能完成',
      body: (t) => `您提交的${whose(t)}组织关系${directionWord(t)}未能完成，请查看详情。`,
    },
  };

/** A transfer closed (rejected, completed, expired, failed): the org that asked for it is told. */
export function transferClosed(outcome: keyof typeof closed, t: TransferSnapshot): NewMessage[] {
  return [
    {
      to: orgAddress(requesterOf(t)),
      kind: `transfer.${outcome}`,
      title: closed[outcome].title,
      body: closed[outcome].body(t),
      link: transferLink(t),
    },
  ];
}

/** import.completed: the org's admins read the FAQ's summary. */
export function importFinished(job: {
  jobId: string;
  orgId: string;
  kind: 'members' | 'cadres';
  succeeded: number;
  failed: number;
}): NewMessage[] {
  const who = job.kind === 'members' ? '团员' : '团干部';
  return [
    {
      to: orgAddress(job.orgId),
      kind: 'import.finished',
      title: job.failed > 0 ? `批量导入完成，${job.failed} 位${who}导入失败` : '批量导入完成',
      body: `成功导入 ${job.succeeded} 位${who}，${job.failed} 位${who}导入失败。`,
      link: `/orgs/${job.orgId}/imports?job=${job.jobId}`,
    },
  ];
}

/**
 * identity.admin_registered: the registration code a superior issued was used — its admins
 * learn who now administers the child org. A root org has no superior to tell.
 */
export function adminRegistered(
  registration: { accountId: string; orgId: string; name: string },
  org: { name: string; parentId: string | null } | null,
): NewMessage[] {
  if (!org?.parentId) return [];
  return [
    {
      to: orgAddress(org.parentId),
      kind: 'org.admin_registered',
      title: '下级组织管理员已注册',
      body: `${registration.name} 已使用注册码成为「${org.name}」的管理员。`,
      link: `/orgs/${registration.orgId}`,
    },
  ];
}

type OrgChangeRequested = EventData<typeof orgChangeRequestedV1>;
type OrgChangeDecided = EventData<typeof orgChangeDecidedV1>;
type MemberChangeRequested = EventData<typeof memberChangeRequestedV1>;
type MemberChangeDecided = EventData<typeof memberChangeDecidedV1>;

/** 「，意见：…」 when the decider wrote a comment. */
const withComment = (comment: string | null) => (comment ? `，意见：${comment}` : '');

/** org.change_requested: the direct superior's admins decide (下级变更审批 on their org's page). */
export function orgChangeRequested(r: OrgChangeRequested): NewMessage[] {
  return [
    {
      to: orgAddress(r.deciderOrgId),
      kind: 'org.change_awaiting_approval',
      title: '下级组织信息变更待审批',
      body: `「${r.orgName}」申请变更组织信息，等待您审批。`,
      link: `/orgs/${r.deciderOrgId}`,
    },
  ];
}

/** org.change_decided: the admin who asked learns the decision. */
export function orgChangeDecided(r: OrgChangeDecided): NewMessage[] {
  return [
    {
      to: accountAddress(r.requestedBy.accountId),
      kind: 'org.change_decided',
      title: `组织信息变更申请${CHANGE_REQUEST_STATUS_LABELS[r.status]}`,
      body: `您提交的「${r.orgName}」组织信息变更申请${CHANGE_REQUEST_STATUS_LABELS[r.status]}${withComment(r.comment)}。`,
      link: `/orgs/${r.orgId}`,
    },
  ];
}

/** member.change_requested: the branch's admins decide (团员信息变更审批 in 团员管理). */
export function memberChangeRequested(r: MemberChangeRequested): NewMessage[] {
  return [
    {
      to: orgAddress(r.branchId),
      kind: 'member.change_awaiting_approval',
      title: '团员信息变更待审批',
      body: `团员「${r.memberName}」申请修改本人信息，等待您审批。`,
      link: `/orgs/${r.branchId}/members?tab=requests`,
    },
  ];
}

/** member.change_decided: the member who asked learns the decision (their record is on 首页). */
export function memberChangeDecided(r: MemberChangeDecided): NewMessage[] {
  return [
    {
      to: accountAddress(r.requestedBy.accountId),
      kind: 'member.change_decided',
      title: `个人信息修改申请${CHANGE_REQUEST_STATUS_LABELS[r.status]}`,
      body: `您提交的个人信息修改申请${CHANGE_REQUEST_STATUS_LABELS[r.status]}${withComment(r.comment)}。`,
      link: '/',
    },
  ];
}
