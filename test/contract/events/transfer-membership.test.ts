import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsumer, subscribe, type ConsumerRunner, type Subscription } from '@zhtj/bus';
import {
  eventContracts,
  memberBranchChangedV1,
  memberBranchChangeFailedV1,
  memberCreatedV1,
  memberRemovedV1,
  memberUpdatedV1,
  newId,
  transferApprovedV1,
  transferAssignedV1,
  transferCancelledV1,
  transferCompletedV1,
  transferExpiredV1,
  transferFailedV1,
  transferRejectedV1,
  transferRequestedV1,
  type EventContract,
} from '@zhtj/contracts';
import { eventually, jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { producedShape, readExample } from './examples.js';
import { expireTransfers, idNumberFor, type SagaHarness, startTransferAndMembership, type TestOrg } from '@zhtj/transfer/testing';

/**
 * The events membership consumes from transfer, and transfer from membership, pinned by recorded
 * examples (examples/<subject>.json). Producer side: the real services, driven through a whole
 * saga, publish payloads with exactly the example's fields and kinds of value. Consumer side:
 * the example parses with the contract schema the consumer runner checks every payload against.
 * A change on either side that the other would not understand fails here.
 * `UPDATE_CONTRACT_EXAMPLES=1` re-records the examples from the producers.
 */
const pinned: EventContract[] = [
  transferRequestedV1,
  transferApprovedV1,
  transferAssignedV1,
  transferRejectedV1,
  transferCancelledV1,
  transferExpiredV1,
  transferFailedV1,
  transferCompletedV1,
  memberCreatedV1,
  memberUpdatedV1,
  memberBranchChangedV1,
  memberBranchChangeFailedV1,
  memberRemovedV1,
];
describe('recorded examples', () => {
  it('exist for every pinned subject and parse with the contract the consumer checks', async () => {
    for (const contract of pinned) {
      const parsed = contract.schema.safeParse(await readExample(contract.subject));
      expect(parsed.success, `${contract.subject}: ${parsed.error?.message}`).toBe(true);
      expect(eventContracts).toContain(contract);
    }
  });
});

describe('what the services publish', () => {
  let h: SagaHarness;
  let watcher: ConsumerRunner[];
  const seen = new Map<string, unknown[]>();
  const county: TestOrg = { id: newId(), name: '某县团委', type: 'committee', ancestors: [] };
  const a: TestOrg = { id: newId(), name: '甲团支部', type: 'branch', ancestors: [county.id] };
  const b: TestOrg = { id: newId(), name: '乙团支部', type: 'branch', ancestors: [county.id] };
  const record = (contract: EventContract): Subscription =>
    subscribe(contract, async (data) => void seen.set(contract.subject, [...(seen.get(contract.subject) ?? []), data]));

  beforeAll(async () => {
    h = await startTransferAndMembership(testInfra());
    await h.publishOrgs([county, a, b]);
    watcher = [
      await runConsumer(h.bus, {
        stream: 'TRANSFER',
        durable: 'contract-watch-transfer',
        subscriptions: pinned.filter((c) => c.stream === 'TRANSFER').map(record),
      }),
      await runConsumer(h.bus, {
        stream: 'MEMBER',
        durable: 'contract-watch-member',
        subscriptions: pinned.filter((c) => c.stream === 'MEMBER').map(record),
      }),
    ];
  });
  afterAll(async () => {
    for (const w of watcher) await w.stop();
    await h.stop();
  });

  async function newMember(n: number, branch: TestOrg) {
    const res = await h.membershipCall(branch.id, 'POST', `/orgs/${branch.id}/members`, {
      name: '契约测试',
      idNumber: idNumberFor('20040708', n, '510104'),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2016-09',
    });
    const { id } = await jsonBody(res);
    await eventually(async () => (await h.transferStored.members.exists({ _id: id })) !== null, 'projected');
    return id as string;
  }
  const requester = { orgId: a.id, accountId: newId() };
  const transferOut = async (memberId: string, to: TestOrg) =>
    (
      await jsonBody(
        await h.transferCall(requester, 'POST', '/transfers', {
          direction: 'out',
          memberId,
          toOrgId: to.id,
          reason: { code: 'study' },
        }),
      )
    ).id as string;
  const act = (as: string, id: string, action: string, body?: unknown) =>
    h.transferCall(as, 'POST', `/transfers/${id}/${action}`, body);

  it('match the recorded examples field for field', async () => {
    // Every subject once: approve + complete, assign, reject, cancel, expire, fail, edit, remove.
    const m1 = await newMember(1, a);
    await act(b.id, await transferOut(m1, b), 'approve');
    const m2 = await newMember(2, a);
    const t2 = await transferOut(m2, county);
    await act(county.id, t2, 'approve');
    await act(county.id, t2, 'assign', { branchId: b.id });
    const m3 = await newMember(3, a);
    await act(b.id, await transferOut(m3, b), 'reject', { comment: '信息有误' });
    await eventually(async () => (await h.membershipStored.members.findById(m3).lean())?.status === 'active', 'm3 active');
    await h.transferCall(requester, 'POST', `/transfers/${await transferOut(m3, b)}/cancel`);
    await eventually(async () => (await h.membershipStored.members.findById(m3).lean())?.status === 'active', 'm3 active again');
    await transferOut(m3, b);
    await expireTransfers(h.transfer.transfers, new Date(Date.now() + 40 * 24 * 3600_000));
    const m4 = await newMember(4, a);
    await h.transferStored.members.updateOne({ _id: m4 }, { $set: { branchId: a.id } });
    await h.membershipStored.members.updateOne({ _id: m4 }, { $set: { branchId: b.id } });
    await act(b.id, await transferOut(m4, b), 'approve');
    const m5 = await newMember(5, a);
    // The version as it is now, as a client sends it: membership's background real-name check
    // may have written the member meanwhile (a fixed version 1 raced it and got CONFLICT).
    const versionOf = async (id: string) => (await h.membershipStored.members.findById(id).lean())!.version;
    await h.membershipCall(a.id, 'PATCH', `/members/${m5}`, { version: await versionOf(m5), phone: '13800138000' });
    await h.membershipCall(a.id, 'DELETE', `/members/${m5}?version=${await versionOf(m5)}`);

    await eventually(
      async () => pinned.every((c) => seen.has(c.subject)),
      `every subject seen (missing: ${pinned.filter((c) => !seen.has(c.subject)).map((c) => c.subject)})`,
      20_000,
    ).catch(() => undefined);
    for (const contract of pinned) {
      const produced = seen.get(contract.subject)?.[0];
      expect(produced, `${contract.subject} was published`).toBeDefined();
      const shapes = await producedShape(contract.subject, produced);
      expect(shapes.produced, contract.subject).toEqual(shapes.example);
    }
    // Five members through nine transfers and a 20 s wait for the last subjects: on two cores beside
    // the e2e stack and the fault suite this has run past the default 30 s (twice in CI runs on
    // 2026-12-03), which failed it as a timeout before it could name a missing subject.
  }, 90_000);
});
