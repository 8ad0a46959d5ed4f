// Interactive events during bulk work: transfers approved one at a time through the gateway, first
// on a quiet system, then while a 100,000-row import runs with its real-name checks. For each
// transfer, approve → completed (the saga across transfer and membership); for each interactive
// event (transfer.approved, member.branch_changed, transfer.completed), the time from its write
// (`occurredAt`) to its arrival at a consumer — how long it waited for a relay. The whole system as
// `npm start` runs it (test/e2e/stack.ts), every service its own process.
//
//   npm run bench:events-under-import -w @zhtj/bench     (results: bench/results/events-under-import.md)
import os from 'node:os';
import path from 'node:path';
import { Bus, runConsumer, subscribe, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, transferApprovedV1, transferCompletedV1, type EventEnvelope } from '@zhtj/contracts';
import { isolate, nthIdNumber, provisionInfrastructure, uniqueNamespace } from '@zhtj/testkit';
import { buildLargeWorkbook, memberRow } from '@zhtj/import/testing';
import { Client } from '../../test/e2e/client.js';
import { startStack } from '../../test/e2e/stack.js';
import { median, percentile } from './stats.js';

const ROWS = Number(process.env.EVENTS_BENCH_ROWS ?? 100_000);
/** Transfers approved on the quiet system, and at most this many during the import. */
const QUIET = Number(process.env.EVENTS_BENCH_QUIET ?? 30);
const BUSY = Number(process.env.EVENTS_BENCH_BUSY ?? 400);
/** Pause between approvals: a person at a desk, not a load test. */
const PAUSE_MS = 300;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);
// Approvals come faster than a person's, so the gateway's per-account limit would shed them;
// and the run may outlast an access token's 15 minutes (an hour is the most identity allows).
const stack = await startStack(env, {
  env: { RATE_LIMIT_ACCOUNT_PER_MIN: '1000000', RATE_LIMIT_ACCOUNT_BURST: '1000000', ACCESS_TOKEN_TTL_SEC: '3600' },
});
const bus = await Bus.connect({ url: env.natsUrl, name: 'events-bench', namespace: env.namespace });
const watchers: ConsumerRunner[] = [];

try {
  const admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  const org = (name: string, type: string, parentId: string) => admin.json('POST', '/orgs', { parentId, name, type });
  // Directly under the demo admin's root, whose admin approves transfers into them.
  const root = stack.demo.rootOrgId;
  const [from, to, target] = [
    await org('转出团支部', 'branch', root),
    await org('转入团支部', 'branch', root),
    await org('导入团支部', 'branch', root),
  ];

  // --- members to move, each with an open transfer-out ------------------------------------------
  const transferIds: string[] = [];
  for (let n = 0; n < QUIET + BUSY; n += 1) {
    const member = await admin.json('POST', `/orgs/${from.id}/members`, {
      name: '基准团员',
      idNumber: nthIdNumber(n, { firstBirthday: '2003-01-01', region: '420102' }),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2016-09',
    });
    // The member's own events (created, then the real-name check) settle before it can move.
    for (;;) {
      const res = await admin.request('POST', '/transfers', {
        direction: 'out',
        memberId: member.id,
        toOrgId: to.id,
        reason: { code: 'study' },
      });
      if (res.status === 201) {
        transferIds.push(((await res.json()) as { id: string }).id);
        break;
      }
      if (res.status !== 404) throw new Error(`transfer request: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  log(`${transferIds.length} transfers requested`);

  // --- watchers: every interactive event's write → arrival ----------------------------------------
  const completedAt = new Map<string, number>();
  const waits: Record<string, Array<{ at: number; ms: number }>> = {};
  const waited = (type: string, event: EventEnvelope) => {
    (waits[type] ??= []).push({ at: Date.now(), ms: Date.now() - Date.parse(event.occurredAt) });
  };
  watchers.push(
    await runConsumer(bus, {
      stream: 'TRANSFER',
      durable: 'bench-transfers',
      deliverFrom: 'new',
      subscriptions: [
        subscribe(transferApprovedV1, async (_t, e) => waited('transfer.approved', e)),
        subscribe(transferCompletedV1, async (t, e) => {
          waited('transfer.completed', e);
          completedAt.set(t.id, performance.now());
        }),
      ],
    }),
    await runConsumer(bus, {
      stream: 'MEMBER',
      durable: 'bench-moves',
      deliverFrom: 'new',
      subscriptions: [subscribe(memberBranchChangedV1, async (_m, e) => waited('member.branch_changed', e))],
    }),
  );

  let job: { status: string; processed: number; succeeded: number } = { status: 'quiet', processed: 0, succeeded: 0 };
  /** Approves transfers one at a time (each waits for its completion) while `more()` holds. */
  async function approveWhile(ids: string[], more: () => boolean): Promise<Array<{ at: number; ms: number }>> {
    const sagas: Array<{ at: number; ms: number }> = [];
    for (const id of ids) {
      if (!more()) break;
      const started = performance.now();
      await admin.json('POST', `/transfers/${id}/approve`, {});
      const deadline = started + 120_000;
      while (!completedAt.has(id)) {
        if (performance.now() > deadline) throw new Error(`transfer ${id} did not complete in 120 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      sagas.push({ at: Date.now(), ms: completedAt.get(id)! - started });
      if (sagas.length % 25 === 0) log(`${sagas.length} transfers completed; import ${job.status}, ${job.processed} rows`);
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    return sagas;
  }

  const quietFrom = Date.now();
  const quiet = await approveWhile(transferIds.slice(0, QUIET), () => true);
  const quietUntil = Date.now();
  log(`quiet: ${quiet.length} transfers completed`);

  // --- the import, and approvals while it runs -----------------------------------------------------
  const streamCount = async (stream: 'MEMBER' | 'IDENTITY', subject: string) => {
    const name = bus.namespace.subject(subject);
    const info = await bus.manager.streams.info(bus.namespace.stream(stream), { subjects_filter: name });
    return info.state.subjects?.[name] ?? 0;
  };
  // The members added above have had their real-name checks (one member.updated each).
  const deadline = Date.now() + 120_000;
  while ((await streamCount('MEMBER', 'member.updated')) < QUIET + BUSY) {
    if (Date.now() > deadline) throw new Error('the added members were not checked in 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  const checkedBefore = await streamCount('MEMBER', 'member.updated');
  const accountsBefore = await streamCount('IDENTITY', 'identity.account_created');
  const body = await buildLargeWorkbook(ROWS, (n) => memberRow(n));
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(body)]), '团员名单.xlsx');
  const importStarted = Date.now();
  const { jobId } = await admin.json('POST', `/orgs/${target.id}/imports?kind=members`, form);
  log(`uploaded ${ROWS} rows (${(body.length / 1e6).toFixed(1)} MB), job ${jobId}`);
  let busyUntil = 0;
  const poll = (async () => {
    // Busy until the job is done and every imported member's real-name check has settled (one
    // member.updated each) and identity has made their accounts.
    for (;;) {
      job = await admin.json('GET', `/imports/${jobId}`);
      if (job.status === 'failed') throw new Error('the import failed');
      if (
        job.status === 'completed' &&
        (await streamCount('MEMBER', 'member.updated')) >= checkedBefore + job.succeeded &&
        (await streamCount('IDENTITY', 'identity.account_created')) >= accountsBefore + job.succeeded
      )
        break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    busyUntil = Date.now();
  })();
  const busy = await approveWhile(transferIds.slice(QUIET), () => busyUntil === 0);
  await poll;
  log(
    `import completed: ${job.succeeded} members in ${((busyUntil - importStarted) / 1000).toFixed(0)} s; ${busy.length} transfers during it`,
  );

  const line = (values: number[]) =>
    values.length === 0
      ? 'none'
      : `p50 ${median(values).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (n=${values.length})`;
  const within = (samples: Array<{ at: number; ms: number }>, fromMs: number, untilMs: number) =>
    samples.filter((s) => s.at >= fromMs && s.at <= untilMs).map((s) => s.ms);
  console.log(
    `\n${ROWS}-row import: ${((busyUntil - importStarted) / 1000).toFixed(0)} s to members with settled real-name checks`,
  );
  console.log(`approve → transfer completed, quiet:       ${line(quiet.map((s) => s.ms))}`);
  console.log(`approve → transfer completed, during import: ${line(busy.map((s) => s.ms))}`);
  for (const type of ['transfer.approved', 'member.branch_changed', 'transfer.completed']) {
    console.log(`${type} write → consumer, quiet:        ${line(within(waits[type] ?? [], quietFrom, quietUntil))}`);
    console.log(`${type} write → consumer, during import: ${line(within(waits[type] ?? [], importStarted, busyUntil))}`);
  }
} finally {
  for (const w of watchers) await w.stop().catch(() => undefined);
  await bus.drain().catch(() => undefined);
  await stack.stop();
  await infra.stop();
}
