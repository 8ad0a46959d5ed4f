import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, pageOf, transferView } from '@zhtj/contracts';
import { eventually, jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import type { MemberDocument } from '@zhtj/membership/testing';
import type { TransferDocument } from '../src/store/transfer.model.js';
import { expireTransfers } from '../src/usecases/settle-transfer.js';
import { idNumberFor, startTransferAndMembership, type SagaHarness, type TestOrg } from './harness.js';

let h: SagaHarness;
const county: TestOrg = { id: newId(), name: '某县团委', type: 'committee', ancestors: [] };
const schoolA: TestOrg = { id: newId(), name: '一中团总支', type: 'general_branch', ancestors: [county.id] };
const a1: TestOrg = { id: newId(), name: '一中高一(1)班团支部', type: 'branch', ancestors: [county.id, schoolA.id] };
const a2: TestOrg = { id: newId(), name: '一中高一(2)班团支部', type: 'branch', ancestors: [county.id, schoolA.id] };
const schoolB: TestOrg = { id: newId(), name: '二中团委', type: 'committee', ancestors: [county.id] };
const b1: TestOrg = { id: newId(), name: '二中高一(1)班团支部', type: 'branch', ancestors: [county.id, schoolB.id] };

beforeAll(async () => {
  h = await startTransferAndMembership(testInfra());
  await h.publishOrgs([county, schoolA, a1, a2, schoolB, b1]);
});
afterAll(() => h.stop());

let n = 0;
/** A member of `branch`, known to transfer's projection. */
async function newMember(branch: TestOrg, name = '王小明'): Promise<{ id: string; idNumber: string; name: string }> {
  n += 1;
  const idNumber = idNumberFor('20040708', n);
  const res = await h.membershipCall(branch.id, 'POST', `/orgs/${branch.id}/members`, {
    name,
    idNumber,
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2016-09',
  });
  expect(res.status).toBe(201);
  const { id } = await jsonBody(res);
  await eventually(async () => (await h.transferStored.members.exists({ _id: id })) !== null, 'member projected');
  return { id, idNumber, name };
}
const out = (memberId: string, toOrgId: string, reason: Record<string, string> = { code: 'study' }) => ({
  direction: 'out',
  memberId,
  toOrgId,
  reason,
});
const request = async (as: string | { orgId: string; accountId: string }, body: unknown) =>
  h.transferCall(as, 'POST', '/transfers', body);
const act = (as: string, id: string, action: string, body?: unknown) =>
  h.transferCall(as, 'POST', `/transfers/${id}/${action}`, body);
const member = (id: string) => h.membershipStored.members.findById(id).lean<MemberDocument>();
const transfer = (id: string) => h.transferStored.transfers.findById(id).lean<TransferDocument>();

describe('the transfer reasons', () => {
  it('are served to anyone', async () => {
    const res = await h.transferCall(null, 'GET', '/transfer-reasons');
    expect((await jsonBody(res)).items.map((r: { label: string }) => r.label)).toEqual([
      '升学',
      '已落实工作单位（有团组织）',
      '已落实工作单位（无团组织）',
      '未落实就业',
      '参军入伍',
      '出国（境）',
      '工作调动',
      '其他',
    ]);
  });
});

describe('transfer-out to a branch', () => {
  it('is approved by the target branch’s admin (or its superior’s), and the member moves', async () => {
    const m = await newMember(a1);
    const res = await request(a1.id, out(m.id, b1.id));
    expect(res.status).toBe(201);
    const t = await jsonBody(res);
    expect(t).toMatchObject({
      status: 'pending',
      direction: 'out',
      member: { id: m.id, name: m.name },
      toOrg: { id: b1.id, name: b1.name },
    });
    await eventually(async () => (await member(m.id))!.status === 'transferring', 'member transferring');

    for (const outsider of [a1.id, county.id, a2.id]) {
      expect((await jsonBody(await act(outsider, t.id, 'approve'))).code).toBe('FORBIDDEN_ORG_SCOPE');
    }
    const waiting = await jsonBody(await h.transferCall(b1.id, 'GET', '/transfers?awaiting=me'));
    expect(waiting.items.map((x: { id: string }) => x.id)).toContain(t.id);

    expect((await act(schoolB.id, t.id, 'approve', { comment: '同意接收' })).status).toBe(200);
    // How fast this happens is measured in bench/ (transfer.bench.ts), not asserted here.
    await eventually(
      async () => (await jsonBody(await h.membershipCall(b1.id, 'GET', `/members/${m.id}`))).branchId === b1.id,
      'moved',
    );
    await eventually(async () => (await transfer(t.id))!.status === 'completed', 'completed');
    const done = await jsonBody(await h.transferCall(b1.id, 'GET', `/transfers/${t.id}`));
    expect(done.history.map((x: { action: string }) => x.action)).toEqual(['requested', 'approved', 'completed']);
    expect(done.history[1]).toMatchObject({ comment: '同意接收', by: { name: '测试管理员' } });
    expect((await member(m.id))!.status).toBe('active');

    // 我的: the member sees their own transfer (and only theirs); an admin has none of their own.
    const mine = pageOf(transferView).parse(
      await jsonBody(await h.transferCall({ memberOf: b1.id, memberId: m.id }, 'GET', '/transfers?about=me')),
    );
    expect(mine.items.map((x) => [x.id, x.status])).toEqual([[t.id, 'completed']]);
    const someoneElse = await jsonBody(
      await h.transferCall({ memberOf: b1.id, memberId: newId() }, 'GET', '/transfers?about=me'),
    );
    expect(someoneElse.items).toEqual([]);
    expect((await jsonBody(await h.transferCall(b1.id, 'GET', '/transfers?about=me'))).items).toEqual([]);
  });
});

describe('transfer-out to a committee', () => {
  it('is approved by that committee’s admin only, waits for an assignment, then completes', async () => {
    const m = await newMember(a1);
    const t = await jsonBody(await request(schoolA.id, out(m.id, schoolB.id, { code: 'job_change' })));
    expect((await jsonBody(await act(county.id, t.id, 'approve'))).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect(await jsonBody(await act(schoolB.id, t.id, 'approve'))).toMatchObject({ status: 'awaiting_assignment' });
    await new Promise((r) => setTimeout(r, 200));
    expect((await member(m.id))!.branchId).toBe(a1.id);
    expect((await jsonBody(await act(schoolB.id, t.id, 'assign', { branchId: a2.id }))).code).toBe(
      'TRANSFER_BRANCH_NOT_UNDER_TARGET',
    );
    expect((await jsonBody(await act(b1.id, t.id, 'assign', { branchId: b1.id }))).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect(await jsonBody(await act(schoolB.id, t.id, 'assign', { branchId: b1.id }))).toMatchObject({
      status: 'approved',
      assignedBranch: { id: b1.id },
    });
    await eventually(async () => (await transfer(t.id))!.status === 'completed', 'completed');
    expect((await member(m.id))!.branchId).toBe(b1.id);
  });
});

describe('transfer-in', () => {
  it('finds the member by exact name and ID number only, and is approved by the current branch’s admin or its superior’s', async () => {
    const m = await newMember(b1, '李四');
    const body = (name: string, idNumber: string) => ({
      direction: 'in',
      toBranchId: a2.id,
      memberName: name,
      memberIdNumber: idNumber,
      reason: { code: 'study' },
    });
    for (const wrong of [body('李三', m.idNumber), body('李四', idNumberFor('20040708', 999))]) {
      const res = await request(a2.id, wrong);
      expect(res.status).toBe(404);
      expect(await jsonBody(res)).toMatchObject({ code: 'MEMBER_NOT_FOUND' });
    }
    expect((await jsonBody(await request(a1.id, body('李四', m.idNumber)))).code).toBe('FORBIDDEN_ORG_SCOPE');
    const t = await jsonBody(await request(a2.id, body('李四', m.idNumber.toLowerCase())));
    expect(t).toMatchObject({ direction: 'in', fromBranch: { id: b1.id }, toOrg: { id: a2.id } });
    expect((await act(a2.id, t.id, 'approve')).status).toBe(403);
    expect((await act(schoolB.id, t.id, 'approve')).status).toBe(200);
    await eventually(async () => (await member(m.id))!.branchId === a2.id, 'moved in');
  });
});

describe('refusals', () => {
  it('one open transfer per member, none to the own branch, reasons from the list', async () => {
    const m = await newMember(a1);
    expect((await jsonBody(await request(a1.id, out(m.id, a1.id)))).code).toBe('TRANSFER_SAME_BRANCH');
    expect((await jsonBody(await request(a1.id, out(m.id, b1.id, { code: 'other', text: '太短' })))).code).toBe(
      'TRANSFER_REASON_INVALID',
    );
    expect((await jsonBody(await request(a1.id, out(m.id, b1.id, { code: 'vacation' })))).code).toBe('TRANSFER_REASON_INVALID');
    expect((await request(a1.id, out(m.id, b1.id, { code: 'other', text: '随家庭搬迁至外地，需转入当地团组织' }))).status).toBe(
      201,
    );
    const second = await request(a1.id, out(m.id, a2.id));
    expect(second.status).toBe(409);
    expect((await jsonBody(second)).code).toBe('TRANSFER_ALREADY_OPEN');
    expect((await jsonBody(await request(b1.id, out(m.id, a2.id)))).code).toBe('MEMBER_NOT_FOUND');
  });

  it('reject needs a reason and frees the member; cancel is for the requester while pending', async () => {
    const m = await newMember(a1);
    const t = await jsonBody(await request(a1.id, out(m.id, b1.id)));
    expect((await jsonBody(await act(b1.id, t.id, 'reject'))).code).toBe('TRANSFER_COMMENT_REQUIRED');
    expect(await jsonBody(await act(b1.id, t.id, 'reject', { comment: '查无此人' }))).toMatchObject({ status: 'rejected' });
    await eventually(
      async () => (await member(m.id))!.status === 'active' && (await member(m.id))!.openTransferId === null,
      'active again',
    );

    const requester = { orgId: a1.id, accountId: newId() };
    const second = await jsonBody(await request(requester, out(m.id, b1.id)));
    expect((await act(schoolA.id, second.id, 'cancel')).status).toBe(403);
    expect(await jsonBody(await h.transferCall(requester, 'POST', `/transfers/${second.id}/cancel`))).toMatchObject({
      status: 'cancelled',
    });
    expect((await jsonBody(await act(b1.id, second.id, 'approve'))).code).toBe('TRANSFER_NOT_PENDING');
  });

  it('of two admins approving at once, one wins', async () => {
    const m = await newMember(a1);
    const t = await jsonBody(await request(a1.id, out(m.id, b1.id)));
    const both = await Promise.all([act(b1.id, t.id, 'approve'), act(schoolB.id, t.id, 'approve')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    await eventually(async () => (await transfer(t.id))!.status === 'completed', 'completed');
    expect((await transfer(t.id))!.history.filter((x) => x.action === 'approved')).toHaveLength(1);
  });
});

describe('the saga when things go wrong', () => {
  it('moves a member approved while membership was down exactly once, when it is back', async () => {
    const m = await newMember(a1);
    const t = await jsonBody(await request(a1.id, out(m.id, b1.id)));
    await eventually(async () => (await member(m.id))!.status === 'transferring', 'transferring');
    await h.stopMembershipConsumer();
    await act(b1.id, t.id, 'approve');
    await new Promise((r) => setTimeout(r, 500));
    expect((await member(m.id))!.branchId).toBe(a1.id);
    await h.startMembershipConsumer();
    await eventually(async () => (await transfer(t.id))!.status === 'completed', 'completed after restart');
    const moved = await member(m.id);
    expect(moved).toMatchObject({ branchId: b1.id, lastTransferId: t.id, version: 3 });
  });

  it('fails a transfer whose member moved by another transfer meanwhile, changing nothing', async () => {
    const m = await newMember(a1);
    const first = await jsonBody(await request(a1.id, out(m.id, b1.id)));
    await act(b1.id, first.id, 'approve');
    await eventually(async () => (await transfer(first.id))!.status === 'completed', 'first completed');
    // transfer's copy of the member lags behind (its projection has not seen the move yet).
    await h.transferStored.members.updateOne({ _id: m.id }, { $set: { branchId: a1.id, branchAncestors: a1.ancestors } });
    const second = await jsonBody(await request(a1.id, out(m.id, a2.id)));
    await act(a2.id, second.id, 'approve');
    await eventually(async () => (await transfer(second.id))!.status === 'failed', 'second failed');
    expect((await transfer(second.id))!.history.at(-1)).toMatchObject({
      action: 'failed',
      comment: '该团员的组织关系已转至其他团支部',
    });
    expect((await member(m.id))!.branchId).toBe(b1.id);
  });

  it('expires open transfers past their deadline, with an event, and frees the member', async () => {
    const m = await newMember(a2);
    const t = await jsonBody(await request(a2.id, out(m.id, b1.id)));
    await eventually(async () => (await member(m.id))!.status === 'transferring', 'transferring');
    expect(await expireTransfers(h.transfer.transfers, new Date(Date.now() + 31 * 24 * 3600_000))).toBeGreaterThanOrEqual(1);
    expect((await transfer(t.id))!.status).toBe('expired');
    await eventually(async () => (await member(m.id))!.status === 'active', 'member active again');
    expect((await request(a2.id, out(m.id, b1.id))).status).toBe(201);
  });
});
