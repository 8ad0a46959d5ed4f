// Transfer benchmark: 1,000 transfer-out requests between two branches, approved by 8
// concurrent approvers over HTTP; for each, the time from the approving request to the member's
// reassignment (membership's member.branch_changed on the bus) and to the transfer's completion;
// and transfers completed per second. transfer and membership run in this process on the real
// servers, their outbox relays at the production poll interval (1 s; writes wake them at once).
//
//   npm run bench:transfer -w @zhtj/bench      (results: bench/results/transfer.md)
import os from 'node:os';
import path from 'node:path';
import { runConsumer, subscribe } from '@zhtj/bus';
import { memberBranchChangedV1, newId, transferCompletedV1 } from '@zhtj/contracts';
import { eventually, isolate, provisionInfrastructure, removeNamespace, uniqueNamespace } from '@zhtj/testkit';
import { createMembers } from '@zhtj/membership/testing';
import { idNumberFor, startTransferAndMembership, type TestOrg } from '@zhtj/transfer/testing';
import { median, percentile } from './stats.js';

const TRANSFERS = Number(process.env.TRANSFER_BENCH_COUNT ?? 1000);
const APPROVERS = 8;
const SEQUENTIAL = Number(process.env.TRANSFER_BENCH_SEQUENTIAL ?? 300);

const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);
const h = await startTransferAndMembership(env, { relayPollMs: 1000 });
try {
  const county: TestOrg = { id: newId(), name: '基准县团委', type: 'committee', ancestors: [] };
  const from: TestOrg = { id: newId(), name: '转出团支部', type: 'branch', ancestors: [county.id] };
  const to: TestOrg = { id: newId(), name: '转入团支部', type: 'branch', ancestors: [county.id] };
  await h.publishOrgs([county, from, to]);
  console.log('orgs projected');

  // --- members, and one open transfer each ------------------------------------------------------
  const branch = (await h.membership.orgs.get(from.id))!;
  const created = await createMembers(h.membership, {
    branch,
    kind: 'member',
    actor: { accountId: newId() },
    rows: Array.from({ length: TRANSFERS }, (_, i) => ({
      row: i,
      member: {
        name: '基准团员',
        idNumber: idNumberFor(
          `2003${String((i % 12) + 1).padStart(2, '0')}${String((Math.floor(i / 12) % 28) + 1).padStart(2, '0')}`,
          Math.floor(i / 336),
        ),
        ethnicity: '汉族',
        politicalStatus: '共青团员',
        joinedAt: '2016-09',
      },
    })),
  });
  const memberIds = created.flatMap((r) => (r.status === 'created' ? [r.memberId] : []));
  if (memberIds.length !== TRANSFERS) throw new Error(`only ${memberIds.length} members created`);
  console.log(`${memberIds.length} members created`);
  await eventually(async () => (await h.transferStored.members.countDocuments()) >= TRANSFERS, 'members projected', 120_000);
  console.log('members projected by transfer');
  const transferIds: string[] = [];
  for (const memberId of memberIds) {
    const res = await h.transferCall(from.id, 'POST', '/transfers', {
      direction: 'out',
      memberId,
      toOrgId: to.id,
      reason: { code: 'study' },
    });
    if (res.status !== 201) throw new Error(`request failed: ${res.status} ${await res.text()}`);
    transferIds.push(((await res.json()) as { id: string }).id);
  }
  console.log(`${transferIds.length} transfers requested`);
  // Let the requests' own events settle (members marked transferring) before timing approvals.
  await eventually(
    async () => (await h.membershipStored.members.countDocuments({ status: 'transferring' })) >= TRANSFERS,
    'transferring',
    120_000,
  );

  // --- approvals ---------------------------------------------------------------------------------
  const approvedAt = new Map<string, number>();
  const reassignedAt = new Map<string, number>();
  const completedAt = new Map<string, number>();
  const watchers = [
    await runConsumer(h.bus, {
      stream: 'MEMBER',
      durable: 'bench-moves',
      deliverFrom: 'new',
      subscriptions: [
        subscribe(memberBranchChangedV1, async (m) => void (m.transferId && reassignedAt.set(m.transferId, performance.now()))),
      ],
    }),
    await runConsumer(h.bus, {
      stream: 'TRANSFER',
      durable: 'bench-completions',
      deliverFrom: 'new',
      subscriptions: [subscribe(transferCompletedV1, async (t) => void completedAt.set(t.id, performance.now()))],
    }),
  ];
  // Latency: one approval at a time, each waiting for its member to be reassigned, so the
  // figure is the saga's own path and not a queue behind other transfers.
  const sequential = transferIds.slice(0, SEQUENTIAL);
  for (const id of sequential) {
    approvedAt.set(id, performance.now());
    const res = await h.transferCall(to.id, 'POST', `/transfers/${id}/approve`);
    if (res.status !== 200) throw new Error(`approve failed: ${res.status}`);
    await res.arrayBuffer();
    await eventually(async () => reassignedAt.has(id), 'reassigned', 30_000);
  }
  await eventually(async () => sequential.every((id) => completedAt.has(id)), 'sequential completed', 60_000);

  // Throughput: the rest approved by 8 approvers at once, as fast as they can.
  const concurrent = transferIds.slice(SEQUENTIAL);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: APPROVERS }, async () => {
      while (next < concurrent.length) {
        const id = concurrent[next++]!;
        approvedAt.set(id, performance.now());
        const res = await h.transferCall(to.id, 'POST', `/transfers/${id}/approve`);
        if (res.status !== 200) throw new Error(`approve failed: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  const approvalsDone = performance.now();
  await eventually(async () => completedAt.size >= TRANSFERS, 'all completed', 600_000);
  const finished = Math.max(...concurrent.map((id) => completedAt.get(id)!));
  for (const w of watchers) await w.stop();

  const latency = (ids: string[], at: Map<string, number>) => ids.map((id) => at.get(id)! - approvedAt.get(id)!);
  const line = (values: number[]) => `p50 ${median(values).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms`;
  console.log(
    `${TRANSFERS} transfers: ${SEQUENTIAL} approved one at a time, ${concurrent.length} by ${APPROVERS} concurrent approvers`,
  );
  console.log(`one at a time — approve → member reassigned: ${line(latency(sequential, reassignedAt))}`);
  console.log(`one at a time — approve → transfer completed: ${line(latency(sequential, completedAt))}`);
  const seconds = (finished - started) / 1000;
  console.log(
    `${APPROVERS} approvers — approvals sent at ${(concurrent.length / ((approvalsDone - started) / 1000)).toFixed(0)}/s; transfers completed ${(concurrent.length / seconds).toFixed(1)}/s (first approval → last completion ${seconds.toFixed(1)} s)`,
  );
  console.log(`${APPROVERS} approvers — approve → member reassigned under that load: ${line(latency(concurrent, reassignedAt))}`);
  const moved = await h.membershipStored.members.countDocuments({ branchId: to.id });
  console.log(`members in the target branch afterwards: ${moved} (expected ${TRANSFERS})`);
} finally {
  await h.stop();
  await removeNamespace(env, env.namespace);
  await infra.stop();
}
