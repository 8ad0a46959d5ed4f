import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { createTokenVerifier } from '@zhtj/service-kit';
import { jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { startStack, type Stack } from '../../../test/e2e/stack.js';
import { routeTable } from '../src/route-table.js';

// The whole system as `npm start` runs it (test/e2e/stack.ts), the demo admin administering an
// org organization does not know.
const infra = testInfra();
const names = ['identity', 'organization', 'membership', 'transfer', 'import', 'notification', 'statistics', 'gateway'] as const;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack(infra, { seedTree: false });
}, 180_000);
afterAll(async () => stack?.stop());

describe('the eight services on the kit', () => {
  it('answer /api/v1/status through the gateway, all ready', async () => {
    const res = await fetch(`http://127.0.0.1:${stack.ports.get('gateway')}/api/v1/status`);
    expect(res.status).toBe(200);
    const body = await jsonBody(res);
    expect(body.ready).toBe(true);
    for (const name of names) expect(body.services[name], name).toMatchObject({ ready: true });
  });

  it('each answer /healthz and /metrics — the gateway its metrics on their own port only', async () => {
    for (const name of names) {
      const port = stack.ports.get(name)!;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, name).toBe(200);
      const metricsPort = name === 'gateway' ? stack.gatewayMetricsPort : port;
      expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), name).toContain(`service="${name}"`);
    }
    const gateway = `http://127.0.0.1:${stack.ports.get('gateway')}`;
    expect((await fetch(`${gateway}/metrics`)).status).toBe(404);
    expect((await fetch(`${gateway}/api/v1/%2e%2e/%2e%2e/metrics`)).status).toBe(404);
  });

  it('let the seeded demo admin log in through the gateway with a captcha, with a token the JWKS verifies', async () => {
    const demo = stack.demo;
    const gateway = `http://127.0.0.1:${stack.ports.get('gateway')}/api/v1`;
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
        // A stream (server-sent events) does not end: its answer starting is the answer.
        const code = json
          ? ((await res.json()) as { code?: string }).code
          : (route.stream ? await res.body?.cancel() : await res.arrayBuffer(), undefined);
        expect([route.path, method, code]).not.toEqual([route.path, method, 'NOT_FOUND']);
        expect(res.status, `${method} ${route.path}`).not.toBe(405);
      }
    }
  });

  it('all stop cleanly on SIGTERM', async () => {
    const exits = await stack.terminate();
    expect(
      Object.values(exits).every((code) => code === 0),
      JSON.stringify(exits),
    ).toBe(true);
  });
});
