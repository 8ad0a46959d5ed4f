import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { newId } from '@zhtj/contracts';
import { createTokenVerifier } from '@zhtj/service-kit';
import { freePort, jsonBody, removeNamespace } from '@zhtj/testkit';
import { seedDemoAdmin } from '../../identity/src/seed/seed-demo-admin.js';
import { routeTable } from '../src/route-table.js';
import { testInfra } from '@zhtj/testkit/test-infra';

// The whole system as `npm start` runs it: six processes on the kit, and the demo admin's login.
const infra = testInfra();
const root = path.resolve(import.meta.dirname, '../../..');
const names = ['identity', 'organization', 'membership', 'transfer', 'import', 'gateway'] as const;
const children: ChildProcess[] = [];
const ports = new Map<string, number>();
const exits: Array<Promise<number | null>> = [];

async function waitReady(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} not ready`);
}

beforeAll(async () => {
  for (const name of names) ports.set(name, await freePort());
  const common = {
    ...process.env,
    MONGO_URL: infra.mongoUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    BUS_NAMESPACE: infra.namespace,
    LOG_LEVEL: 'warn',
    JWT_KEYS_SECRET: 'stack-test-secret-0123456789abcdefghijklmnop',
    CAPTCHA_ECHO: 'true',
  };
  const urls = Object.fromEntries(
    names.filter((n) => n !== 'gateway').map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports.get(n)}`]),
  );
  for (const name of names) {
    const env =
      name === 'gateway'
        ? {
            ...common,
            ...urls,
            GATEWAY_PORT: String(ports.get(name)),
            JWKS_URL: `http://127.0.0.1:${ports.get('identity')}/.well-known/jwks.json`,
          }
        : {
            ...common,
            JWKS_URL: `http://127.0.0.1:${ports.get('identity')}/.well-known/jwks.json`,
            PORT: String(ports.get(name)),
          };
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', path.join(root, 'services', name, 'src', 'main.ts')],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(child);
    exits.push(new Promise((resolve) => child.once('exit', (code) => resolve(code))));
  }
  await Promise.all(names.map((n) => waitReady(ports.get(n)!)));
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await removeNamespace(infra, infra.namespace);
});

describe('the six services on the kit', () => {
  it('answer /api/v1/status through the gateway, all ready', async () => {
    const res = await fetch(`http://127.0.0.1:${ports.get('gateway')}/api/v1/status`);
    expect(res.status).toBe(200);
    const body = await jsonBody(res);
    expect(body.ready).toBe(true);
    for (const name of names) expect(body.services[name], name).toMatchObject({ ready: true });
  });

  it('each answer /healthz and /metrics', async () => {
    for (const name of names) {
      const port = ports.get(name)!;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, name).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), name).toContain(`service="${name}"`);
    }
  });

  it('let the seeded demo admin log in through the gateway with a captcha, with a token the JWKS verifies', async () => {
    const identityDb = await mongoose
      .createConnection(infra.mongoUrl, { dbName: `${infra.namespace}_zhtj_identity` })
      .asPromise();
    const demo = await seedDemoAdmin(identityDb, newId());
    await identityDb.close();
    const gateway = `http://127.0.0.1:${ports.get('gateway')}/api/v1`;
    const captcha = await jsonBody(await fetch(`${gateway}/auth/captcha`));
    const res = await fetch(`${gateway}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idNumber: demo.idNumber,
        password: demo.password,
        captchaId: captcha.captchaId,
        captchaCode: captcha.code,
      }),
    });
    expect(res.status).toBe(200);
    const session = await jsonBody(res);
    const caller = await createTokenVerifier({ jwksUrl: `${gateway}/.well-known/jwks.json` })(session.accessToken);
    expect(caller.name).toBe('示例管理员');
    expect(caller.roles[0]?.role).toBe('org_admin');

    // GET /me, composed by the gateway: the account from identity; the demo's org is not in
    // organization here, so the parts about it are missing and the answer says partial.
    const me = await fetch(`${gateway}/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.status).toBe(200);
    expect(await jsonBody(me)).toMatchObject({ account: { name: '示例管理员', mustChangePassword: false }, partial: true });

    // The token works at another service too: organization verifies it against identity's JWKS
    // and answers as for an admin of an org it does not know (no children, nothing to make).
    const codes = await fetch(`${gateway}/orgs/${caller.roles[0]!.orgId}/registration-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(codes.status).toBe(201);
    expect(await jsonBody(codes)).toEqual({ items: [] });

    // Every route of the table beyond identity's reaches a route of the service: whatever the answer
    // (the org does not exist here), it is never "no such route".
    for (const route of routeTable.filter((r) => r.service !== 'identity')) {
      for (const method of route.methods) {
        const url = `${gateway}${route.path.replace(':id', newId())}`;
        const res = await fetch(url, {
          method,
          headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        const json = /json/.test(res.headers.get('content-type') ?? '');
        const code = json ? ((await res.json()) as { code?: string }).code : (await res.arrayBuffer(), undefined);
        expect([route.path, method, code]).not.toEqual([route.path, method, 'NOT_FOUND']);
        expect(res.status, `${method} ${route.path}`).not.toBe(405);
      }
    }
  });

  it('all stop cleanly on SIGTERM', async () => {
    for (const child of children) child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual(names.map(() => 0));
  });
});
