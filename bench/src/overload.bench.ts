// Overload benchmark: the members list of a 10,000-member branch through the gateway, first
// alone (its unloaded latency), then its sustainable rate, then 4× that rate offered open-loop —
// with membership shedding load (the defaults) and, in the same run, with shedding turned off
// (limits out of reach: what it did before). For each: what was answered, the p99 of the answered
// requests against the unloaded p99, and the work membership did after its caller had stopped
// waiting (its http_requests_past_deadline_total).
//
//   npm run bench:overload -w @zhtj/bench      (results: bench/results/overload.md)
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { isolate, provisionInfrastructure, uniqueNamespace } from '@zhtj/testkit';
import { buildLargeWorkbook, memberRow } from '@zhtj/import/testing';
import { Client } from '../../test/e2e/client.js';
import { startStack } from '../../test/e2e/stack.js';

const MEMBERS = Number(process.env.OVERLOAD_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 20);
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (ms: number) => Math.round(ms);

const stack = await startStack(env, {
  env: { RATE_LIMIT_ACCOUNT_PER_MIN: '100000000', RATE_LIMIT_ACCOUNT_BURST: '100000000' },
});
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
try {
  const admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  const branch = (await admin.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name: '过载团支部', type: 'branch' })).id;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildLargeWorkbook(MEMBERS, (i) => memberRow(700_000 + i)))]), '过载.xlsx');
  const { jobId } = await admin.json('POST', `/orgs/${branch}/imports?kind=members`, form);
  for (;;) {
    const job = await admin.json('GET', `/imports/${jobId}`);
    if (job.status === 'completed') break;
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  log(`${MEMBERS} members in the branch`);
  const page = `${stack.api}/orgs/${branch}/members?limit=50`;
  const headers = { authorization: `Bearer ${admin.token}` };

  const call = async () => {
    const started = performance.now();
    try {
      const res = await request(page, { headers, dispatcher: agent, headersTimeout: 30_000, bodyTimeout: 30_000 });
      await res.body.dump();
      return { status: res.statusCode, ms: performance.now() - started };
    } catch {
      return { status: 0, ms: performance.now() - started };
    }
  };

  /** `rate` requests a second for `seconds`, whether or not earlier ones were answered (open loop). */
  async function offer(offered: number, seconds: number) {
    const results: Array<{ status: number; ms: number }> = [];
    const pending: Array<Promise<void>> = [];
    const started = performance.now();
    for (let i = 0; i < offered * seconds; i += 1) {
      const due = started + (i * 1000) / offered;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(call().then((r) => void results.push(r)));
    }
    await Promise.all(pending);
    const ok = results
      .filter((r) => r.status === 200)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const byStatus = Object.entries(
      results.reduce<Record<string, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {}),
    )
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    return { offered: results.length, ok: ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99), byStatus };
  }

  async function pastDeadline(): Promise<number> {
    const text = await (await fetch(`${stack.url('membership')}/metrics`)).text();
    return [...text.matchAll(/^http_requests_past_deadline_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  }

  // Unloaded: one request at a time. Sustainable: what eight callers at a time get answered, a
  // second. Measured once, so both configurations are offered the same 4× load.
  const alone: number[] = [];
  for (let i = 0; i < 40; i += 1) alone.push((await call()).ms);
  alone.sort((a, b) => a - b);
  const unloaded = { p50: percentile(alone, 50), p99: percentile(alone, 99) };
  const closed = performance.now();
  let served = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() - closed < 15_000) if ((await call()).status === 200) served += 1;
    }),
  );
  const sustainable = served / ((performance.now() - closed) / 1000);
  const rate = Math.max(1, Math.round(sustainable * 4 * 10) / 10);
  log(
    `unloaded p50 ${round(unloaded.p50)} ms, p99 ${round(unloaded.p99)} ms; sustainable ${sustainable.toFixed(2)}/s; offering ${rate}/s`,
  );

  async function scenario(label: string) {
    const before = await pastDeadline();
    const overloaded = await offer(rate, SECONDS);
    // Whatever membership still runs now runs after its caller (the gateway, 10 s) stopped waiting.
    await new Promise((r) => setTimeout(r, 15_000));
    const late = (await pastDeadline()) - before;
    const row = {
      label,
      unloadedP50: round(unloaded.p50),
      unloadedP99: round(unloaded.p99),
      sustainable: sustainable.toFixed(2),
      offered: `${overloaded.offered} (${(overloaded.offered / SECONDS).toFixed(1)}/s)`,
      answered: overloaded.byStatus,
      p50: round(overloaded.p50),
      p99: round(overloaded.p99),
      ratio: (overloaded.p99 / unloaded.p99).toFixed(2),
      late,
    };
    log(JSON.stringify(row));
    return row;
  }

  const rows = [await scenario('shedding (the defaults: twice the store pool at once, at most 16; 64 queued; per class)')];
  // The same membership without limits within reach: every request queues, however long.
  await stack.kill('membership', 'SIGTERM');
  await stack.restart('membership', { MAX_CONCURRENT_REQUESTS: '10000', MAX_QUEUED_REQUESTS: '100000' });
  rows.push(await scenario('no shedding (limits out of reach)'));

  console.log(
    '\n| membership | unloaded p50 / p99 ms | sustainable req/s | offered (4×) | answers | answered p50 / p99 ms | p99 ÷ unloaded p99 | finished after the caller’s deadline |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.unloadedP50} / ${r.unloadedP99} | ${r.sustainable} | ${r.offered} | ${r.answered} | ${r.p50} / ${r.p99} | ${r.ratio} | ${r.late} |`,
    );
} finally {
  await agent.close();
  await stack.stop();
  await infra.stop();
}
