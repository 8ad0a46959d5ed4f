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
import mongoose from 'mongoose';
import {
  freePort,
  isolate,
  jsonBody,
  nthIdNumber,
  provisionInfrastructure,
  removeNamespace,
  uniqueNamespace,
} from '@zhtj/testkit';
import { seedDemoAdmin } from '../../services/identity/src/seed/seed-demo-admin.js';
import { seedDemoTree } from '../../services/organization/src/seed/seed-demo-tree.js';

const CONNECTIONS = 64;
const DURATION_SEC = Number(process.env.GATEWAY_BENCH_SECONDS ?? 10);
const MEMBERS = 300;
const root = path.resolve(import.meta.dirname, '../..');
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

const children: ChildProcess[] = [];
const names = ['identity', 'organization', 'membership', 'transfer', 'import', 'gateway'] as const;
const ports = new Map<string, number>();
for (const name of [...names, 'hello']) ports.set(name, await freePort());
const url = (name: string) => `http://127.0.0.1:${ports.get(name)}`;

async function waitReady(name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await fetch(`${url(name)}/healthz`).catch(() => null))?.ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start`);
}

function start(name: string, file: string, vars: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', path.join(root, file)], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      // Not production: the captcha answer is echoed so the benchmark can log in.
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      MONGO_URL: env.mongoUrl,
      NATS_URL: env.natsUrl,
      REDIS_URL: env.redisUrl,
      BUS_NAMESPACE: env.namespace,
      JWT_KEYS_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
      CAPTCHA_ECHO: 'true',
      JWKS_URL: `${url('identity')}/.well-known/jwks.json`,
      ...vars,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
}

async function load(title: string, target: string, headers: Record<string, string>) {
  const result = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION_SEC, headers });
  const row = {
    title,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
  log(`${title}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}`);
  return row;
}

try {
  // The demo tree and admin, seeded as `npm start` does, in this run's databases.
  const orgDb = await mongoose.createConnection(env.mongoUrl, { dbName: `${env.namespace}_zhtj_organization` }).asPromise();
  const idDb = await mongoose.createConnection(env.mongoUrl, { dbName: `${env.namespace}_zhtj_identity` }).asPromise();
  const { rootOrgId } = await seedDemoTree(orgDb);
  const demo = await seedDemoAdmin(idDb, rootOrgId);
  await Promise.all([orgDb.close(), idDb.close()]);

  for (const name of names.filter((n) => n !== 'gateway'))
    start(name, `services/${name}/src/main.ts`, { PORT: String(ports.get(name)) });
  start('gateway', 'services/gateway/src/main.ts', {
    GATEWAY_PORT: String(ports.get('gateway')),
    ...Object.fromEntries(names.filter((n) => n !== 'gateway').map((n) => [`${n.toUpperCase()}_URL`, url(n)])),
    RATE_LIMIT_ACCOUNT_PER_MIN: '100000000',
  });
  // The ceiling: hono's hello world on @hono/node-server, its own process.
  const hello = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
       serve({ fetch: new Hono().get('/healthz', (c) => c.text('ok')).get('/', (c) => c.json({ hello: 'world' })).fetch, port: ${ports.get('hello')} });`,
    ],
    { cwd: path.join(root, 'services/gateway'), stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.push(hello);
  for (const name of [...names, 'hello']) await waitReady(name);
  log('all started');

  const gateway = `${url('gateway')}/api/v1`;
  const captcha = await jsonBody(await fetch(`${gateway}/auth/captcha`));
  const session = await jsonBody(
    await fetch(`${gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idNumber: demo.idNumber,
        password: demo.password,
        captchaId: captcha.captchaId,
        captchaCode: captcha.code,
      }),
    }),
  );
  const auth = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${gateway}/orgs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ parentId: rootOrgId, name: '基准团支部', type: 'branch' }),
  });
  if (created.status !== 201) throw new Error(`creating the branch: ${created.status} ${await created.text()}`);
  const branch = (await jsonBody(created)).id as string;
  for (let n = 0; n < MEMBERS; n += 1) {
    for (;;) {
      const res = await fetch(`${gateway}/orgs/${branch}/members`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: '基准团员',
          idNumber: nthIdNumber(n, { firstBirthday: '2003-01-01' }),
          ethnicity: '汉族',
          politicalStatus: '共青团员',
          joinedAt: '2016-09',
        }),
      });
      if (res.status === 201) break;
      const body = await jsonBody(res);
      if (body.code !== 'ORG_NOT_FOUND') throw new Error(`adding a member: ${res.status} ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 200)); // membership's projection has not seen the branch yet
    }
  }
  log(`${MEMBERS} members in ${branch}`);

  const page = `/orgs/${branch}/members?limit=50`;
  const headers = { authorization: auth.authorization };
  const rows = [
    await load('hello world (hono, the ceiling)', `${url('hello')}/`, {}),
    await load('members page, straight at membership', `${url('membership')}${page}`, headers),
    await load('members page, through the gateway', `${gateway}${page}`, headers),
    await load('GET /me through the gateway (five services)', `${gateway}/me`, headers),
  ];
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION_SEC} s each\n\n| | req/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|`,
  );
  for (const r of rows) console.log(`| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
  const [, direct, proxied] = rows;
  console.log(`\ngateway overhead on the members page: ${Math.round((1 - proxied!.rps / direct!.rps) * 100)}% of throughput`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await removeNamespace(infra, env.namespace);
  await infra.stop();
}
