import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsumer, subscribe, type ConsumerRunner } from '@zhtj/bus';
import {
  createEvent,
  memberBranchChangeFailedV1,
  newId,
  transferApprovedV1,
  transferAssignedV1,
  transferRejectedV1,
  transferCancelledV1,
  transferRequestedV1,
  type EventData,
  type TransferSnapshot,
} from '@zhtj/contracts';
import { eventually, jsonBody } from '@zhtj/testkit';
import { runTransferConsumer } from '../src/events/subscriptions.js';
import type { MemberDocument } from '../src/store/member.model.js';
import { idNumberFor, startMembership, type MembershipHarness, type TestOrg } from './harness.js';

let h: MembershipHarness;
let consumer: ConsumerRunner | null = null;
let failures: ConsumerRunner;
const failed: Array<EventData<typeof memberBranchChangeFailedV1>> = [];
const county: TestOrg = { id: newId(), name: '某县团委', type: 'committee', ancestors: [] };
const from: TestOrg = { id: newId(), name: '原团支部', type: 'branch', ancestors: [county.id] };
const to: TestOrg = { id: newId(), name: '新团支部', type: 'branch', ancestors: [county.id] };
const third: TestOrg = { id: newId(), name: '第三团支部', type: 'branch', ancestors: [county.id] };

beforeAll(async () => {
  h = await startMembership();
  await h.publishOrgs([county, from, to, third]);
  consumer = await runTransferConsumer(h.bus, h.deps);
  failures = await runConsumer(h.bus, {
    stream: 'MEMBER',
    durable: 'test-failures',
    subscriptions: [subscribe(memberBranchChangeFailedV1, async (d) => void failed.push(d))],
  });
});
afterAll(async () => {
  await consumer?.stop();
  await failures.stop();
  await h.stop();
});

let n = 0;
async function newMember(branch = from): Promise<string> {
  n += 1;
  const res = await h.call(branch.id, 'POST', `/orgs/${branch.id}/members`, {
    name: '转接团员',
    idNumber: idNumberFor('20030405', n, '440106'),
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2016-05',
  });
  expect(res.status).toBe(201);
  return (await jsonBody(res)).id;
}
const member = (id: string) => h.models.members.findById(id).lean<MemberDocument>();
const snapshot = (
  memberId: string,
  status: TransferSnapshot['status'],
  extra: Partial<TransferSnapshot> = {},
): TransferSnapshot => ({
  id: newId(),
  direction: 'out',
  memberId,
  fromBranchId: from.id,
  toOrgId: to.id,
  targetBranchId: to.id,
  reasonCode: 'study',
  status,
  version: 1,
  ...extra,
});
const publish = (contract: Parameters<typeof createEvent>[0], data: unknown, id?: string) =>
  h.bus.publish(createEvent(contract, data as never, { source: 'transfer', ...(id ? { id } : {}) }));

describe('membership in the transfer saga', () => {
  it('marks the member transferring on request, and active again on rejection', async () => {
    const id = await newMember();
    const t = snapshot(id, 'pending');
    await publish(transferRequestedV1, t);
    await eventually(async () => (await member(id))!.status === 'transferring', 'transferring');
    expect((await member(id))!.openTransferId).toBe(t.id);
    await publish(transferRejectedV1, { ...t, status: 'rejected', version: 2, reason: '信息有误' });
    await eventually(async () => (await member(id))!.status === 'active', 'active again');
  });

  it('ignores a request that arrives after its own close (a retried delivery that lost its place)', async () => {
    const id = await newMember();
    const t = snapshot(id, 'pending');
    // The close first, as when the request's first try failed and its retry comes later.
    await publish(transferCancelledV1, { ...t, status: 'cancelled', version: 2 });
    await eventually(async () => (await member(id))!.closedTransferIds?.includes(t.id) === true, 'the close remembered');
    await publish(transferRequestedV1, t);
    // A later transfer of the same member is handled in order behind the late request.
    const next = snapshot(id, 'pending');
    await publish(transferRequestedV1, next);
    await eventually(async () => (await member(id))!.openTransferId === next.id, 'the next transfer open');
    expect((await member(id))!.version).toBe(2);
  });

  it('moves the member once when the approval arrives, even if the event comes twice', async () => {
    const id = await newMember();
    const t = snapshot(id, 'pending');
    await publish(transferRequestedV1, t);
    const approved = { ...t, status: 'approved' as const, version: 2 };
    await publish(transferApprovedV1, approved);
    // The same event again under another id (JetStream would drop a same-id repeat by itself).
    await publish(transferApprovedV1, approved);
    await eventually(async () => (await member(id))!.branchId === to.id, 'moved');
    await new Promise((r) => setTimeout(r, 300));
    const moved = await member(id);
    expect(moved).toMatchObject({
      branchId: to.id,
      branchAncestors: [county.id],
      status: 'active',
      openTransferId: null,
      lastTransferId: t.id,
    });
    expect(moved!.version).toBe(3); // created, transferring, moved — and nothing more
  });

  it('waits for the assignment when a committee approved, then moves to the assigned branch', async () => {
    const id = await newMember();
    const t = snapshot(id, 'pending', { toOrgId: county.id, targetBranchId: null });
    await publish(transferRequestedV1, t);
    await publish(transferApprovedV1, { ...t, status: 'awaiting_assignment', version: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await member(id))!.branchId).toBe(from.id);
    await publish(transferAssignedV1, { ...t, status: 'approved', targetBranchId: third.id, version: 3 });
    await eventually(async () => (await member(id))!.branchId === third.id, 'assigned');
  });

  it('answers with a failure and changes nothing when the member moved meanwhile or is gone', async () => {
    const id = await newMember();
    const first = snapshot(id, 'approved');
    const second = snapshot(id, 'approved', { targetBranchId: third.id, toOrgId: third.id });
    await publish(transferApprovedV1, first);
    await eventually(async () => (await member(id))!.branchId === to.id, 'first move');
    await publish(transferApprovedV1, second);
    await eventually(async () => failed.some((f) => f.transferId === second.id), 'failure event');
    expect(failed.find((f) => f.transferId === second.id)).toMatchObject({ code: 'MEMBER_MOVED', memberId: id });
    expect((await member(id))!.branchId).toBe(to.id);

    const ghost = snapshot(newId(), 'approved');
    await publish(transferApprovedV1, ghost);
    await eventually(async () => failed.some((f) => f.transferId === ghost.id), 'failure for a missing member');
    expect(failed.find((f) => f.transferId === ghost.id)!.code).toBe('MEMBER_NOT_FOUND');
  });

  it('moves a member approved while membership was stopped, exactly once, when it starts again', async () => {
    await consumer!.stop();
    consumer = null;
    const id = await newMember();
    const t = snapshot(id, 'approved');
    await publish(transferApprovedV1, t);
    await new Promise((r) => setTimeout(r, 300));
    expect((await member(id))!.branchId).toBe(from.id);
    consumer = await runTransferConsumer(h.bus, h.deps);
    await eventually(async () => (await member(id))!.branchId === to.id, 'moved after restart');
    expect((await member(id))!.version).toBe(2);
  });
});
