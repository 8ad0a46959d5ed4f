import { describe, expect, it } from 'vitest';
import { newId, type TransferSnapshot } from '@zhtj/contracts';
import { inboxOf } from '../src/domain/inbox.js';
import {
  adminRegistered,
  importFinished,
  memberChangeDecided,
  orgChangeRequested,
  transferApproved,
  transferClosed,
  transferRequested,
} from '../src/domain/messages-for.js';

const transfer = (over: Partial<TransferSnapshot>): TransferSnapshot => ({
  id: newId(),
  direction: 'out',
  memberId: newId(),
  fromBranchId: 'from-branch',
  toOrgId: 'to-org',
  targetBranchId: null,
  reasonCode: 'study',
  status: 'pending',
  version: 1,
  ...over,
});

describe('who is told what', () => {
  it('sends a transfer-out to the target org for approval, a transfer-in to the member’s branch', () => {
    expect(transferRequested(transfer({ direction: 'out' })).map((m) => [m.to, m.kind])).toEqual([
      ['org:to-org', 'transfer.awaiting_approval'],
    ]);
    expect(transferRequested(transfer({ direction: 'in' })).map((m) => [m.to, m.kind])).toEqual([
      ['org:from-branch', 'transfer.awaiting_approval'],
    ]);
  });

  it('asks a non-branch target to assign a branch (请分配团支部) and tells the requester it was approved', () => {
    const messages = transferApproved(transfer({ direction: 'out', targetBranchId: null }));
    expect(messages.map((m) => [m.to, m.kind, m.title])).toEqual([
      ['org:to-org', 'transfer.awaiting_assignment', '请分配团支部'],
      ['org:from-branch', 'transfer.approved', '组织关系转接已批准'],
    ]);
    // A branch target needs no assignment: only the requester (the receiving branch, for a transfer-in) hears.
    expect(transferApproved(transfer({ direction: 'in', targetBranchId: 'to-org' })).map((m) => [m.to, m.kind])).toEqual([
      ['org:to-org', 'transfer.approved'],
    ]);
  });

  it('tells the requesting org how a transfer closed, linking to it', () => {
    for (const outcome of ['rejected', 'completed', 'expired', 'failed'] as const) {
      const t = transfer({ direction: 'out' });
      const [message] = transferClosed(outcome, t);
      expect(message).toMatchObject({ to: 'org:from-branch', kind: `transfer.${outcome}`, link: `/transfers?id=${t.id}` });
    }
  });

  it('writes the FAQ’s import summary, for members and for cadres', () => {
    const [members] = importFinished({ jobId: 'j', orgId: 'o', kind: 'members', succeeded: 47, failed: 3 });
    expect(members!.body).toBe('成功导入 47 位团员，3 位团员导入失败。');
    expect(members!.to).toBe('org:o');
    const [cadres] = importFinished({ jobId: 'j', orgId: 'o', kind: 'cadres', succeeded: 5, failed: 0 });
    expect(cadres!.body).toBe('成功导入 5 位团干部，0 位团干部导入失败。');
    expect(cadres!.title).toBe('批量导入完成');
  });

  it('tells the superior who registered as its child org’s admin; a root has no one to tell', () => {
    const registration = { accountId: 'a', orgId: 'child', name: '张三' };
    expect(adminRegistered(registration, { name: '第一团支部', parentId: 'parent' })).toEqual([
      expect.objectContaining({ to: 'org:parent', body: '张三 已使用注册码成为「第一团支部」的管理员。' }),
    ]);
    expect(adminRegistered(registration, { name: '团市委', parentId: null })).toEqual([]);
  });

  it('sends an org’s change request to its superior, and a decision to the member who asked, with the comment', () => {
    const filed = { requestId: newId(), requestedBy: { accountId: 'acc' }, fields: ['name'] };
    expect(orgChangeRequested({ ...filed, orgId: 'o', orgName: '一支部', deciderOrgId: 'p' })).toEqual([
      expect.objectContaining({ to: 'org:p', kind: 'org.change_awaiting_approval', link: '/orgs/p' }),
    ]);
    const about = { ...filed, memberId: 'm', memberName: '张三', branchId: 'b', decidedBy: { accountId: 'x' } };
    expect(memberChangeDecided({ ...about, status: 'rejected', comment: '请附证明' })).toEqual([
      expect.objectContaining({
        to: 'account:acc',
        title: '个人信息修改申请已驳回',
        body: '您提交的个人信息修改申请已驳回，意见：请附证明。',
      }),
    ]);
    expect(memberChangeDecided({ ...about, status: 'approved', comment: null })[0]!.body).toBe(
      '您提交的个人信息修改申请已通过。',
    );
  });
});

describe('the words', () => {
  it('name the member where the event does, and say 有一条 / 一名团员 where an older event does not', () => {
    expect(transferRequested(transfer({ memberName: '林晓燕' }))[0]!.body).toBe('团员「林晓燕」的组织关系转出申请等待您审批。');
    expect(transferRequested(transfer({}))[0]!.body).toBe('有一条组织关系转出申请等待您审批。');
    const [assign] = transferApproved(transfer({ memberName: '林晓燕' }));
    expect(assign!.body).toBe('团员「林晓燕」的组织关系转接已批准转入本组织，请为其分配团支部。');
    expect(transferClosed('rejected', transfer({ direction: 'in', memberName: '林晓燕' }))[0]!.body).toBe(
      '您提交的团员「林晓燕」的组织关系转入申请被驳回。',
    );
  });
});

describe('an inbox', () => {
  it('holds the caller’s own address and each org they administer now, once', () => {
    const inbox = inboxOf({
      accountId: 'me',
      roles: [
        { role: 'org_admin', orgId: 'a' },
        { role: 'org_admin', orgId: 'a' },
        { role: 'member', orgId: 'b' },
      ],
    });
    expect([...inbox]).toEqual(['account:me', 'org:a']);
  });
});
