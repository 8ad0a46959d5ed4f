import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '@zhtj/bus';
import {
  eventually,
  freePort,
  isListening,
  isolate,
  jsonBody,
  nthIdNumber,
  startFerretDb,
  startNatsServer,
  startRedisServer,
  uniqueNamespace,
  type FerretBackend,
  type Isolated,
} from '@zhtj/testkit';
import { buildLargeWorkbook, memberRow } from '@zhtj/import/testing';
import { Client } from '../e2e/client.js';
import { startStack, type Stack } from '../e2e/stack.js';

/**
 * Fault injection: the whole system as processes (five services, an import worker, the gateway)
 * on a NATS, a FerretDB and a Redis of this file's own, on free ports, so that any of them can
 * be killed and started again in the middle of a flow. Every flow must complete, no event be
 * lost or applied twice, and no request be answered 500 while something is down.
 */
const figures: string[] = [];
const note = (line: string) => figures.push(line);

let dir: string;
let stack: Stack;
let infra: Isolated;
let bus: Bus;
let admin: Client;
const servers = {} as {
  nats: { port: number; stop(): Promise<void> };
  ferret: { port: number; database: string; backend: FerretBackend; stop(): Promise<void> };
  redis: { port: number; stop(): Promise<void> };
};
const world = {} as { rootOrgId: string; a: string; b: string };

async function startNats(port: number) {
  const started = await startNatsServer({ dataDir: dir, logDir: path.join(dir, 'logs'), port, log: () => undefined });
  servers.nats = { port, stop: () => started.process.stop() };
}
async function startFerret(port: number, database: string, backend: FerretBackend) {
  const started = await startFerretDb({
    dataDir: path.join(dir, 'ferretdb'),
    logDir: path.join(dir, 'logs'),
    backend,
    port,
    postgresDatabase: database,
    log: () => undefined,
  });
  servers.ferret = { port, database, backend, stop: () => started.process.stop() };
}
async function startRedis(port: number) {
  const started = await startRedisServer({ logDir: path.join(dir, 'logs'), port, log: () => undefined });
  servers.redis = { port, stop: () => started.process.stop() };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'zhtj-faults-'));
  const [natsPort, ferretPort, redisPort] = [await freePort(), await freePort(), await freePort()];
  const backend: FerretBackend = (await isListening(5432)) ? 'postgresql' : 'sqlite';
  await startNats(natsPort);
  await startFerret(ferretPort, `zhtj_faults_${ferretPort}`, backend);
  await startRedis(redisPort);
  infra = isolate(
    {
      mongoUrl: `mongodb://127.0.0.1:${ferretPort}/`,
      natsUrl: `nats://127.0.0.1:${natsPort}`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
    },
    uniqueNamespace('f'),
  );
  stack = await startStack(infra, { logDir: path.join(dir, 'logs'), env: { LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'info' } });
  bus = await Bus.connect({ url: infra.natsUrl, name: 'faults-watch', namespace: infra.namespace });
  admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  world.rootOrgId = stack.demo.rootOrgId;
  world.a = (await admin.json('POST', '/orgs', { parentId: world.rootOrgId, name: '故障甲团支部', type: 'branch' })).id;
  world.b = (await admin.json('POST', '/orgs', { parentId: world.rootOrgId, name: '故障乙团支部', type: 'branch' })).id;
}, 240_000);

afterAll(async () => {
  console.log(`[faults]\n  ${figures.join('\n  ')}`);
  await bus?.drain().catch(() => undefined);
  await stack?.stop();
  await servers.nats?.stop();
  await servers.ferret?.stop();
  await servers.redis?.stop();
  // The PostgreSQL database of this file's FerretDB goes with it.
  if (servers.ferret?.backend === 'postgresql') {
    const { postgresSql } = await import('@zhtj/testkit');
    await postgresSql(`drop database if exists ${servers.ferret.database} with (force)`).catch(() => undefined);
  }
  // FAULTS_KEEP_LOGS=1 keeps every process's log (and the servers') for a look afterwards.
  if (process.env.FAULTS_KEEP_LOGS) console.log(`[faults] logs kept in ${dir}/logs`);
  else await rm(dir, { recursive: true, force: true });
}, 120_000);

// ---- what the system holds, read straight from the stores --------------------------------------

const db = (service: string) =>
  mongoose.createConnection(infra.mongoUrl, { dbName: `${infra.namespace}_zhtj_${service}` }).asPromise();
async function count(service: string, collection: string, filter: Record<string, unknown>): Promise<number> {
  const connection = await db(service);
  try {
    return await connection.db!.collection(collection).countDocuments(filter);
  } finally {
    await connection.close();
  }
}
/** Messages of one subject in a stream: JetStream stores an event once per id, so this counts announcements. */
async function announced(stream: 'MEMBER' | 'TRANSFER' | 'IDENTITY', subject: string): Promise<number> {
  const full = bus.namespace.subject(subject);
  const info = await bus.manager.streams.info(bus.namespace.stream(stream), { subjects_filter: full });
  return info.state.subjects?.[full] ?? 0;
}

/** Every answer the gateway gave while something was down: never a 500. */
const outageAnswers: Array<{ what: string; status: number; code?: string; detail?: string }> = [];
async function duringOutage(what: string, call: () => Promise<Response>) {
  const res = await call();
  const body = res.headers.get('content-type')?.includes('json') ? await jsonBody(res) : {};
  outageAnswers.push({ what, status: res.status, code: body.code, detail: body.detail });
  return { status: res.status, body };
}

let personNo = 0;
const person = () => nthIdNumber(personNo++, { firstBirthday: '2004-03-01', region: '330106' });
const memberBody = (idNumber: string) => ({
  name: '故障测试',
  idNumber,
  ethnicity: '汉族',
  politicalStatus: '共青团员',
  joinedAt: '2016-09',
});
const until = (what: string, check: () => Promise<boolean>, timeoutMs = 180_000) => eventually(check, what, timeoutMs, 250);
/**
 * A transfer-out, asked for as a person would: until transfer has heard of the member (its copy of
 * members follows membership's events, a moment behind on a loaded machine).
 */
async function transferOut(memberId: string, toOrgId: string): Promise<{ id: string }> {
  return valueOf<{ id: string }>(
    'transfer knows the member',
    async () => {
      const res = await admin.request('POST', '/transfers', { direction: 'out', memberId, toOrgId, reason: { code: 'study' } });
      if (res.status === 201) return (await jsonBody(res)) as { id: string };
      const body = await jsonBody(res);
      if (body.code !== 'MEMBER_NOT_FOUND') throw new Error(`POST /transfers: ${res.status} ${JSON.stringify(body)}`);
      return null;
    },
    120_000,
  );
}
/** Polls until `check` gives a value; fails naming what it waited for. */
async function valueOf<T>(what: string, check: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

// ---- the flows ---------------------------------------------------------------------------------

describe('a service SIGKILLed in the middle of a flow, then started again', () => {
  it('the transfer saga: membership killed before the approval, transfer killed right after it', async () => {
    const member = await admin.json('POST', `/orgs/${world.a}/members`, memberBody(person()));
    const movesBefore = await announced('MEMBER', 'member.branch_changed');
    const transfer = await transferOut(member.id, world.b);
    await stack.kill('membership');
    const down = await duringOutage('members list, membership down', () => admin.request('GET', `/orgs/${world.a}/members`));
    expect(down).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    expect(down.body.detail).toContain('membership');
    await stack.restart('membership');

    await admin.json('POST', `/transfers/${transfer.id}/approve`, {});
    await stack.kill('transfer');
    const restarted = performance.now();
    await stack.restart('transfer');
    await until(
      'the transfer completed',
      async () => (await admin.json('GET', `/transfers/${transfer.id}`)).status === 'completed',
    );
    note(`transfer saga, membership and transfer SIGKILLed: completed ${seconds(restarted)} s after transfer restarted`);
    const moved = await admin.json('GET', `/members/${member.id}`);
    expect(moved.branchId).toBe(world.b);
    // One move: announced once, applied once (requested → transferring → moved).
    expect((await announced('MEMBER', 'member.branch_changed')) - movesBefore).toBe(1);
  }, 400_000);

  it('an import: the worker and identity killed mid-job; every member and every account exactly once', async () => {
    const rows = 3000;
    const createdBefore = await announced('MEMBER', 'member.created');
    const accountsBefore = await count('identity', 'accounts', {});
    const file = await buildLargeWorkbook(rows, (i) => memberRow(500_000 + i));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), '故障导入.xlsx');
    const { jobId } = await admin.json('POST', `/orgs/${world.a}/imports?kind=members`, form);
    // identity down while the members' accounts are being made …
    await until('the job started', async () => (await admin.json('GET', `/imports/${jobId}`)).status === 'running', 60_000);
    await stack.kill('identity');
    // … and the worker killed once a batch is in.
    await until('a batch imported', async () => (await admin.json('GET', `/imports/${jobId}`)).processed >= 1000, 120_000);
    await stack.kill('import-worker');
    const restarted = performance.now();
    await stack.restart('import-worker');
    const job = await valueOf(
      'the job finished',
      async () => {
        const j = await admin.json('GET', `/imports/${jobId}`);
        return j.status === 'completed' || j.status === 'failed' ? j : null;
      },
      180_000,
    );
    expect(job).toMatchObject({ status: 'completed', total: rows, succeeded: rows, failed: 0 });
    note(`import of ${rows} rows, worker SIGKILLed after ≥ 1 batch: completed ${seconds(restarted)} s after its restart`);
    expect(await count('membership', 'members', { branchId: world.a, importJobId: jobId })).toBe(rows);
    expect((await announced('MEMBER', 'member.created')) - createdBefore).toBe(rows);

    const identityBack = performance.now();
    await stack.restart('identity');
    await until('every account made', async () => (await count('identity', 'accounts', {})) - accountsBefore === rows, 180_000);
    note(`${rows} member accounts after identity was SIGKILLed: all made ${seconds(identityBack)} s after its restart`);
    // Exactly once: one account per ID number (a unique index), and none of them announced twice.
    expect((await count('identity', 'accounts', {})) - accountsBefore).toBe(rows);
  }, 600_000);

  it('register-admin: identity killed during registrations, organization killed before one — every person registers', async () => {
    const children = [];
    for (let i = 0; i < 4; i += 1) {
      children.push(
        (await admin.json('POST', '/orgs', { parentId: world.rootOrgId, name: `故障注册${i}团支部`, type: 'branch' })).id,
      );
    }
    const { items: codes } = await admin.json('POST', `/orgs/${world.rootOrgId}/registration-codes`, { childOrgIds: children });
    const people = codes.map((c: { orgId: string; code: string }, i: number) => ({
      client: new Client(stack.api),
      body: {
        orgId: c.orgId,
        registrationCode: c.code,
        name: '注册人',
        idNumber: person(),
        phone: `1390000100${i}`,
        password: 'Faults2026ok',
      },
    }));
    // A try that fails on the way (identity killed under it, even its captcha) is no answer.
    const register = async (p: (typeof people)[number]) => {
      try {
        return await p.client.request('POST', '/auth/register-admin', await p.client.withCaptcha(p.body));
      } catch {
        return null;
      }
    };
    const first = people.map(register);
    await new Promise((r) => setTimeout(r, 30));
    await stack.kill('identity');
    await Promise.all(first);
    await stack.restart('identity');
    // Each person tries again, as people do, until the answer is final.
    for (const p of people) {
      const res = await valueOf(
        'a final answer',
        async () => {
          const r = await register(p);
          return r && r.status !== 503 ? r : null;
        },
        30_000,
      );
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    }

    await stack.kill('organization');
    const late = { client: new Client(stack.api), body: { ...people[0].body, idNumber: person(), phone: '13900001999' } };
    const down = await duringOutage('register-admin, organization down', async () =>
      late.client.request('POST', '/auth/register-admin', await late.client.withCaptcha(late.body)),
    );
    expect(down.status).toBe(503);
    expect(down.body.detail).toContain('organization');
    await stack.restart('organization');
  }, 400_000);
});

describe('a server stopped with work pending, then started again', () => {
  it('NATS: members added meanwhile get their accounts once it is back', async () => {
    const createdBefore = await announced('MEMBER', 'member.created');
    await servers.nats.stop();
    const added: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const idNumber = person();
      const res = await duringOutage('add a member, NATS down', () =>
        admin.request('POST', `/orgs/${world.a}/members`, memberBody(idNumber)),
      );
      if (res.status === 201) added.push(idNumber);
    }
    expect(added.length).toBeGreaterThan(0);
    const back = performance.now();
    await startNats(servers.nats.port);
    let announcedAfter = '';
    void (async () => {
      const watcher = await Bus.connect({ url: infra.natsUrl, name: 'faults-announced', namespace: infra.namespace });
      const full = watcher.namespace.subject('member.created');
      for (let i = 0; i < 480; i += 1) {
        const info = await watcher.manager.streams
          .info(watcher.namespace.stream('MEMBER'), { subjects_filter: full })
          .catch(() => null);
        if ((info?.state.subjects?.[full] ?? 0) - createdBefore >= added.length) {
          announcedAfter = seconds(back);
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      await watcher.drain();
    })();
    await until(
      'an account for every member added while NATS was down',
      async () => (await count('identity', 'accounts', { idNumber: { $in: added } })) === added.length,
      240_000,
    ).catch(async (error: Error) => {
      // Which side is behind: membership's outbox, or identity's consumer?
      const pending = await count('membership', 'members', { idNumber: { $in: added }, outboxPending: true });
      const accounts = await count('identity', 'accounts', { idNumber: { $in: added } });
      const log = (await readFile(path.join(dir, 'logs', 'membership.log'), 'utf8')).split('\n').slice(-30).join('\n');
      throw new Error(`${error.message}: ${pending} members still holding events, ${accounts}/${added.length} accounts\n${log}`);
    });
    note(
      `NATS stopped, ${added.length} members added: their events announced ${announcedAfter || '?'} s, every account made ${seconds(back)} s after NATS was back`,
    );
    await bus.drain().catch(() => undefined);
    bus = await Bus.connect({ url: infra.natsUrl, name: 'faults-watch', namespace: infra.namespace });
    expect((await announced('MEMBER', 'member.created')) - createdBefore).toBe(added.length);
  }, 400_000);

  it('FerretDB: requests answer 503 naming the service; a transfer approved just before completes after', async () => {
    const member = await admin.json('POST', `/orgs/${world.b}/members`, memberBody(person()));
    const transfer = await transferOut(member.id, world.a);
    await admin.json('POST', `/transfers/${transfer.id}/approve`, {});
    await servers.ferret.stop();
    for (const [what, call] of [
      ['an org, FerretDB down', () => admin.request('GET', `/orgs/${world.a}`)],
      ['a members list, FerretDB down', () => admin.request('GET', `/orgs/${world.a}/members`)],
      ['a transfer, FerretDB down', () => admin.request('GET', `/transfers/${transfer.id}`)],
    ] as const) {
      const answer = await duringOutage(what, call);
      expect([503, 504], `${what}: ${JSON.stringify(answer)}`).toContain(answer.status);
    }
    const back = performance.now();
    await startFerret(servers.ferret.port, servers.ferret.database, servers.ferret.backend);
    await until(
      'the transfer completed',
      async () =>
        ((await admin.request('GET', `/transfers/${transfer.id}`).then((r) => r.json())) as { status?: string }).status ===
        'completed',
      120_000,
    ).catch(async (error: Error) => {
      // Where the saga stopped: the transfer's state and what its two services last said.
      const state = await admin.request('GET', `/transfers/${transfer.id}`).then((r) => r.text());
      const tail = async (service: string) =>
        (await readFile(path.join(dir, 'logs', `${service}.log`), 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
      throw new Error(
        `${error.message}: ${state}\n--- transfer\n${await tail('transfer')}\n--- membership\n${await tail('membership')}`,
      );
    });
    note(`FerretDB stopped after an approval: the transfer completed ${seconds(back)} s after it was back`);
    expect((await admin.json('GET', `/members/${member.id}`)).branchId).toBe(world.a);
  }, 400_000);

  it('Redis: login fails closed (503) while signed-in calls go on; all is back with it', async () => {
    await servers.redis.stop();
    const login = await duringOutage('a captcha, Redis down', () => new Client(stack.api).request('GET', '/auth/captcha'));
    expect(login.status).toBe(503);
    const me = await duringOutage('GET /me, Redis down', () => admin.request('GET', '/me'));
    expect(me.status).toBe(200);
    await startRedis(servers.redis.port);
    let last = '';
    await until('login works again', async () => {
      const c = new Client(stack.api);
      return c.login(stack.demo.idNumber, stack.demo.password).then(
        () => true,
        (error: Error) => ((last = error.message), false),
      );
    }).catch((error: Error) => {
      throw new Error(`${error.message}; last: ${last}`);
    });
  }, 120_000);

  it('answered no request 500 while anything was down', () => {
    note(`answers during outages: ${outageAnswers.map((a) => `${a.status} ${a.code ?? ''}`).join(', ')}`);
    expect(outageAnswers.filter((a) => a.status === 500)).toEqual([]);
    for (const a of outageAnswers.filter((x) => x.status >= 500)) expect(a.code, a.what).toMatch(/SERVICE_UNAVAILABLE|TIMEOUT/);
  });
});
