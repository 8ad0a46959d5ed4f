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
import { isolate, provisionInfrastructure, removeNamespace, uniqueNamespace } from '@zhtj/testkit';
import { createMembers } from '../../services/membership/src/usecases/create-members.js';
import { idNumberFor, startTransferAndMembership, until, type TestOrg } from '../../services/transfer/test/harness.js';
import { median, percentile } from './stats.js';

const TRANSFERS = Number(process.env.TRANSFER_BENCH_COUNT ?? 1000);
const APPROVERS = 8;

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
  await until(async () => (await h.transfer.members.countDocuments()) >= TRANSFERS, 'members projected', 120_000);
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
  await until(
    async () => (await h.membership.members.countDocuments({ status: 'transferring' })) >= TRANSFERS,
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
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: APPROVERS }, async () => {
      while (next < transferIds.length) {
        const id = transferIds[next++]!;
        approvedAt.set(id, performance.now());
        const res = await h.transferCall(to.id, 'POST', `/transfers/${id}/approve`);
        if (res.status !== 200) throw new Error(`approve failed: ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  const approvalsDone = performance.now();
  await until(async () => completedAt.size >= TRANSFERS, 'all completed', 300_000);
  const finished = Math.max(...completedAt.values());
  for (const w of watchers) await w.stop();

  const toReassigned = transferIds.map((id) => reassignedAt.get(id)! - approvedAt.get(id)!);
  const toCompleted = transferIds.map((id) => completedAt.get(id)! - approvedAt.get(id)!);
  console.log(`${TRANSFERS} transfers, ${APPROVERS} concurrent approvers`);
  console.log(
    `approvals sent in ${((approvalsDone - started) / 1000).toFixed(1)} s → ${(TRANSFERS / ((approvalsDone - started) / 1000)).toFixed(0)} approvals/s`,
  );
  console.log(
    `approve → member reassigned: p50 ${median(toReassigned).toFixed(0)} ms, p99 ${percentile(toReassigned, 99).toFixed(0)} ms`,
  );
  console.log(
    `approve → transfer completed: p50 ${median(toCompleted).toFixed(0)} ms, p99 ${percentile(toCompleted, 99).toFixed(0)} ms`,
  );
  console.log(
    `transfers completed per second: ${(TRANSFERS / ((finished - started) / 1000)).toFixed(0)}/s (first approval → last completion ${((finished - started) / 1000).toFixed(1)} s)`,
  );
  const moved = await h.membership.members.countDocuments({ branchId: to.id });
  console.log(`members in the target branch afterwards: ${moved} (expected ${TRANSFERS})`);
} finally {
  await h.stop();
  await removeNamespace(env, env.namespace);
  await infra.stop();
}
