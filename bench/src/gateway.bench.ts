// Gateway benchmark: the whole system as processes (the five services and the gateway), a
// branch of 300 members, and autocannon at 64 connections for 10 s each: a members list page
// through the gateway and straight at membership (the gateway's overhead), GET /me (composed
// from five services), and a bare hono hello-world on the same machine (the ceiling).
// The per-account rate limit is raised so the benchmark measures the path, not the limiter;
// the limiter still counts every request in Redis.
//
//   npm run bench:gateway -w @zhtj/bench      (results: bench/results/gateway.md)
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, isolate, jsonBody, nthIdNumber, provisionInfrastructure, uniqueNamespace, waitForPort } from '@zhtj/testkit';
import { Client } from '../../test/e2e/client.js';
import { startStack } from '../../test/e2e/stack.js';

const CONNECTIONS = 64;
const DURATION_SEC = Number(process.env.GATEWAY_BENCH_SECONDS ?? 10);
const MEMBERS = 300;
const root = path.resolve(import.meta.dirname, '../..');
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

// The hono hello world: its own process, the ceiling of the HTTP stack on this machine.
const helloPort = await freePort();
const hello = spawn(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
     serve({ fetch: new Hono().get('/', (c) => c.json({ hello: 'world' })).fetch, port: ${helloPort} });`,
  ],
  { cwd: path.join(root, 'services/gateway'), stdio: ['ignore', 'ignore', 'inherit'] },
);

const children: ChildProcess[] = [];

async function load(title: string, target: string, headers: Record<string, string>) {
  const result = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION_SEC, headers });
  const row = {
    title,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    // 2xx per second: a shed request (503 SERVICE_BUSY) is answered fast and would count too.
    ok: Math.round((result.requests.total - result.non2xx - result.errors) / DURATION_SEC),
    statuses: JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]))),
  };
  log(`${title}: ${row.rps} req/s (${row.ok} 2xx/s), p50 ${row.p50} ms, p99 ${row.p99} ms, statuses ${row.statuses}`);
  return row;
}

// The system as the tests start it (test/e2e/stack.ts), the per-account limit raised.
const stack = await startStack(env, { env: { RATE_LIMIT_ACCOUNT_PER_MIN: '100000000' } });
try {
  await waitForPort(helloPort, 30_000);
  log('all started');
  const demo = new Client(stack.api);
  await demo.login(stack.demo.idNumber, stack.demo.password);
  const auth = { authorization: `Bearer ${demo.token}` };
  const branch = (await demo.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name: '基准团支部', type: 'branch' }))
    .id as string;
  for (let n = 0; n < MEMBERS; n += 1) {
    for (;;) {
      const res = await demo.request('POST', `/orgs/${branch}/members`, {
        name: '基准团员',
        idNumber: nthIdNumber(n, { firstBirthday: '2003-01-01' }),
        ethnicity: '汉族',
        politicalStatus: '共青团员',
        joinedAt: '2016-09',
      });
      if (res.status === 201) break;
      const body = await jsonBody(res);
      if (body.code !== 'ORG_NOT_FOUND') throw new Error(`adding a member: ${res.status} ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200)); // membership's projection has not seen the branch yet
    }
  }
  log(`${MEMBERS} members in ${branch}`);

  const page = `/orgs/${branch}/members?limit=50`;
  const headers = auth;
  const membership = `http://127.0.0.1:${stack.ports.get('membership')}`;

  // The gateway's own share, apart from the store: a second gateway whose membership is a hono
  // process answering every request with the page membership really gave (the same bytes), at
  // once. Same code and configuration as the stack's gateway; only MEMBERSHIP_URL differs.
  const recordedPage = await (await fetch(`${membership}${page}`, { headers })).text();
  const stubPort = await freePort();
  children.push(
    spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
         const page = process.env.PAGE;
         serve({ fetch: new Hono().get('*', (c) => c.body(page, 200, { 'content-type': 'application/json' })).fetch, port: ${stubPort} });`,
      ],
      {
        cwd: path.join(root, 'services/gateway'),
        env: { ...process.env, PAGE: recordedPage },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  const gatewayPort = await freePort();
  // GATEWAY_BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of this gateway, written when it stops.
  const profileDir = process.env.GATEWAY_BENCH_CPU_PROFILE;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const identity = `http://127.0.0.1:${stack.ports.get('identity')}`;
  children.push(
    spawn(
      process.execPath,
      [...profile, '--conditions=development', '--import', 'tsx', path.join(root, 'services/gateway/src/main.ts')],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          REDIS_URL: env.redisUrl,
          BUS_NAMESPACE: env.namespace,
          RATE_LIMIT_ACCOUNT_PER_MIN: '100000000',
          GATEWAY_PORT: String(gatewayPort),
          JWKS_URL: `${identity}/.well-known/jwks.json`,
          IDENTITY_URL: identity,
          MEMBERSHIP_URL: `http://127.0.0.1:${stubPort}`,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  await Promise.all([waitForPort(stubPort, 30_000), waitForPort(gatewayPort, 60_000)]);

  const rows = [
    await load('hello world (hono, the ceiling)', `http://127.0.0.1:${helloPort}/`, {}),
    await load('members page, straight at membership', `${membership}${page}`, headers),
    await load('members page, through the gateway', `${stack.api}${page}`, headers),
    await load('GET /me through the gateway (five services)', `${stack.api}/me`, headers),
    await load('the same page from a store-less membership, straight', `http://127.0.0.1:${stubPort}${page}`, headers),
    await load(
      'the same page from a store-less membership, through the gateway',
      `http://127.0.0.1:${gatewayPort}/api/v1${page}`,
      headers,
    ),
  ];
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION_SEC} s each\n\n| | answers/s | 2xx/s | p50 ms | p99 ms | statuses |\n|---|---|---|---|---|---|`,
  );
  for (const r of rows) console.log(`| ${r.title} | ${r.rps} | ${r.ok} | ${r.p50} | ${r.p99} | ${r.statuses} |`);
  const [, direct, proxied, , stubDirect, stubProxied] = rows;
  const overhead = (via: { ok: number }, straight: { ok: number }) => Math.round((1 - via.ok / straight.ok) * 100);
  console.log(`\ngateway overhead on the members page: ${overhead(proxied!, direct!)}% of throughput`);
  console.log(`gateway overhead with a store-less membership: ${overhead(stubProxied!, stubDirect!)}% of throughput`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  hello.kill('SIGTERM');
  await stack.stop();
  await infra.stop();
}
