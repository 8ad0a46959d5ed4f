import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { jsonBody, testSigner, type TestSigner } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { connectRedis } from '@zhtj/service-kit';
import type { EdgeLimits } from '../src/edge/edge-guard.js';
import type { ProxyRoute } from '../src/route-table.js';
import { testEdge, testGateway, upstreamsAt } from './test-gateway.js';

const infra = testInfra();
let redis: Redis;
let signer: TestSigner;
let upstream: http.Server;
let upstreamUrl: string;
let calls = 0;

beforeAll(async () => {
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  signer = await testSigner();
  upstream = http.createServer((req, res) => {
    calls += 1;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  upstream.close();
  await redis.quit();
});

const routes: ProxyRoute[] = [
  { path: '/orgs/:id', methods: ['GET'], service: 'organization' },
  { path: '/auth/login', methods: ['POST'], service: 'identity', public: true },
];

/** A gateway with the edge guard (its own counters each time) and the address the test names. */
function gateway(
  limits: EdgeLimits = { anonymous: { burst: 100, perMinute: 100 }, account: { burst: 100, perMinute: 100 } },
  limitsRedis: Redis = redis,
) {
  const upstreams = upstreamsAt(upstreamUrl);
  return testGateway({
    upstreams,
    routes,
    clientAddress: (c) => c.req.header('x-test-address') ?? '203.0.113.7',
    corsOrigins: ['https://tuan.example.cn'],
    edge: testEdge(limitsRedis, signer, limits),
  });
}

const ORG = newId();
const accountIds = new Map<string, string>();
/** A token for a named test account (account ids are UUIDs). */
const bearer = async (account = 'acc-1') => {
  if (!accountIds.has(account)) accountIds.set(account, newId());
  const accountId = accountIds.get(account)!;
  return `Bearer ${await signer.token([{ role: 'org_admin', orgId: ORG }], { accountId, name: '测试' })}`;
};

describe('the gateway at the edge', () => {
  it('refuses a route that needs a token without one, or with a forged one, before calling the service', async () => {
    const app = gateway();
    const before = calls;
    const missing = await app.request('/api/v1/orgs/o1');
    expect(missing.status).toBe(401);
    expect((await jsonBody(missing)).code).toBe('UNAUTHENTICATED');
    const forged = await app.request('/api/v1/orgs/o1', { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('invalid_token');
    const other = await testSigner();
    const foreign = await app.request('/api/v1/orgs/o1', {
      headers: { authorization: `Bearer ${await other.token([{ role: 'org_admin', orgId: 'o1' }])}` },
    });
    expect(foreign.status).toBe(401);
    expect(calls).toBe(before);
  });

  it('forwards a signed-in call with its RateLimit headers, and public routes without a token', async () => {
    const app = gateway();
    const res = await app.request('/api/v1/orgs/o1', { headers: { authorization: await bearer() } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBe('100;w=60;burst=100');
    expect(res.headers.get('ratelimit')).toMatch(/^limit=100, remaining=99, reset=\d+$/);
    expect(res.headers.get('ratelimit-remaining')).toBe('99');
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(login.status).toBe(200);
  });

  it('limits anonymous calls per address and signed-in calls per account, answering 429 with Retry-After', async () => {
    const app = gateway({ anonymous: { burst: 3, perMinute: 3 }, account: { burst: 5, perMinute: 5 } });
    const anonymous = (address: string) =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', 'x-test-address': address },
      });
    for (let i = 0; i < 3; i += 1) expect((await anonymous('198.51.100.1')).status).toBe(200);
    const refused = await anonymous('198.51.100.1');
    expect(refused.status).toBe(429);
    expect((await jsonBody(refused)).code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await anonymous('198.51.100.2')).status).toBe(200);

    // Accounts behind that one exhausted address still have their own allowance.
    const signedIn = (account: string) =>
      bearer(account).then((authorization) =>
        app.request('/api/v1/orgs/o1', { headers: { authorization, 'x-test-address': '198.51.100.1' } }),
      );
    for (let i = 0; i < 5; i += 1) expect((await signedIn('acc-a')).status).toBe(200);
    expect((await signedIn('acc-a')).status).toBe(429);
    expect((await signedIn('acc-b')).status).toBe(200);
  });

  it('refills a bucket with time: a burst, then a steady rate, not a window that cuts everyone off', async () => {
    const anonymous = (app: ReturnType<typeof gateway>) =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', 'x-test-address': '198.51.100.9' },
      });
    // A burst of 2 and one every 10 s: two at once, the third is told to wait up to 10 s.
    const slow = gateway({ anonymous: { burst: 2, perMinute: 6 }, account: { burst: 2, perMinute: 6 } });
    expect((await anonymous(slow)).status).toBe(200);
    expect((await anonymous(slow)).status).toBe(200);
    const refused = await anonymous(slow);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    // One every 100 ms: spent, and there again a moment later.
    const quick = gateway({ anonymous: { burst: 1, perMinute: 600 }, account: { burst: 1, perMinute: 600 } });
    expect((await anonymous(quick)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await anonymous(quick)).status).toBe(200);
  });

  it('keeps serving and limiting, in this replica’s memory, while Redis is down', async () => {
    const down = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
    down.disconnect();
    const app = gateway({ anonymous: { burst: 100, perMinute: 100 }, account: { burst: 2, perMinute: 2 } }, down);
    const call = async () => app.request('/api/v1/orgs/o1', { headers: { authorization: await bearer('acc-redis-down') } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
  });

  it('sends security headers, and CORS only to the configured origins', async () => {
    const app = gateway();
    const res = await app.request('/api/v1/orgs/o1', {
      headers: { authorization: await bearer(), origin: 'https://tuan.example.cn' },
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://tuan.example.cn');
    const elsewhere = await app.request('/api/v1/orgs/o1', {
      headers: { authorization: await bearer(), origin: 'https://evil.example' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/v1/orgs/o1', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://tuan.example.cn',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
