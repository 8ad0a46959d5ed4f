import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { jsonBody, testSigner, type TestSigner } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { connectRedis } from '@zhtj/service-kit';
import { testEdge, testGateway } from './test-gateway.js';

// The services answer over HTTP as they do in production; here each is a small server that
// answers its paths of GET /me from fixtures, and one can be made to fail. (The services' real
// answers are pinned in test/contract/http; these fixtures carry only what the gateway reads.)
const infra = testInfra();
const county = newId();
const branch = newId();
const adminOf = newId();
const memberId = newId();
const servers: http.Server[] = [];
const failing = new Set<string>();
let redis: Redis;
let signer: TestSigner;
const urls: Record<string, string> = {};
const seenAuth: string[] = [];

const fixtures: Record<string, Record<string, unknown>> = {
  identity: { '/auth/me': { id: 'acc', name: '李华', idNumber: '110105********0215', roles: [] } },
  membership: {
    [`/members/${memberId}`]: { id: memberId, name: '李华', branchId: branch },
    [`/orgs/${adminOf}/member-change-requests?limit=200`]: { items: [{}, {}], nextCursor: null },
    [`/orgs/${adminOf}/members?limit=200`]: { items: [{}, {}, {}, {}], nextCursor: null },
  },
  organization: {
    [`/orgs/${branch}/path`]: {
      items: [
        { id: county, name: '某某团委' },
        { id: branch, name: '第一团支部' },
      ],
    },
    [`/orgs/${adminOf}`]: { id: adminOf, name: '第一团支部', type: 'branch' },
    [`/orgs/${adminOf}/change-requests?limit=200`]: { items: [{}], nextCursor: 'more' },
    [`/orgs/${adminOf}/children?limit=200`]: { items: [], nextCursor: null },
  },
  transfer: {
    '/transfers?awaiting=me&limit=200': { items: [{}, {}, {}], nextCursor: null },
    [`/transfers?orgId=${adminOf}&status=open&limit=200`]: { items: [{}], nextCursor: null },
  },
  import: {
    [`/orgs/${adminOf}/imports?limit=50`]: { items: [{ status: 'running' }, { status: 'completed' }], nextCursor: null },
  },
  notification: {
    '/messages/unread-count': { unread: 4 },
  },
  statistics: {
    [`/orgs/${adminOf}/statistics`]: { orgId: adminOf, members: 4, branches: { total: 1, withoutMembers: 0, withoutCadres: 1 } },
  },
};

beforeAll(async () => {
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  signer = await testSigner();
  for (const service of Object.keys(fixtures)) {
    const server = http.createServer((req, res) => {
      seenAuth.push(req.headers.authorization ?? '');
      const body = fixtures[service]![req.url!];
      if (failing.has(service) || !body) return void res.writeHead(failing.has(service) ? 500 : 404).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
  await redis.quit();
});

function gateway() {
  return testGateway({ upstreams: urls as never, clientAddress: () => '203.0.113.9', edge: testEdge(redis, signer) });
}

const token = () =>
  signer.token(
    [
      { role: 'member', orgId: branch },
      { role: 'org_admin', orgId: adminOf },
    ],
    { memberId, name: '李华' },
  );

describe('GET /me', () => {
  it('composes the account, member, branch path, administered orgs and to-do counts, as the caller', async () => {
    const auth = `Bearer ${await token()}`;
    seenAuth.length = 0;
    const res = await gateway().request('/api/v1/me', { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBe('100;w=60;burst=100');
    expect(await jsonBody(res)).toEqual({
      account: fixtures.identity!['/auth/me'],
      member: { id: memberId, name: '李华', branchId: branch },
      branchPath: {
        items: [
          { id: county, name: '某某团委' },
          { id: branch, name: '第一团支部' },
        ],
      },
      administeredOrgs: [{ id: adminOf, name: '第一团支部', type: 'branch' }],
      todo: {
        transfersAwaitingMe: { count: 3, more: false },
        orgChangeRequests: { count: 1, more: true },
        memberChangeRequests: { count: 2, more: false },
        runningImports: { count: 1, more: false },
      },
      unreadMessages: 4,
      partial: false,
    });
    expect(seenAuth.every((a) => a === auth)).toBe(true);
  });

  it('says the unread count is unknown (null), and the answer partial, when notification fails', async () => {
    failing.add('notification');
    try {
      const res = await gateway().request('/api/v1/me', { headers: { authorization: `Bearer ${await token()}` } });
      expect(res.status).toBe(200);
      expect(await jsonBody(res)).toMatchObject({ unreadMessages: null, partial: true, todo: { runningImports: { count: 1 } } });
    } finally {
      failing.delete('notification');
    }
  });

  it('answers with what it has when a service fails, saying partial', async () => {
    failing.add('membership');
    try {
      const res = await gateway().request('/api/v1/me', { headers: { authorization: `Bearer ${await token()}` } });
      expect(res.status).toBe(200);
      const me = await jsonBody(res);
      expect(me).toMatchObject({ member: null, branchPath: null, todo: null, partial: true });
      expect(me.account).toMatchObject({ name: '李华' });
      expect(me.administeredOrgs).toHaveLength(1);
    } finally {
      failing.delete('membership');
    }
  });

  it('needs a valid token', async () => {
    const res = await gateway().request('/api/v1/me');
    expect(res.status).toBe(401);
    expect((await jsonBody(res)).code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /members/:id, enriched', () => {
  it('adds the branch and its path to membership’s answer', async () => {
    const res = await gateway().request(`/api/v1/members/${memberId}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toEqual({
      id: memberId,
      name: '李华',
      branchId: branch,
      branch: { id: branch, name: '第一团支部' },
      branchPath: [
        { id: county, name: '某某团委' },
        { id: branch, name: '第一团支部' },
      ],
      partial: false,
    });
  });

  it('passes membership’s refusal on as it is, and degrades without organization', async () => {
    const auth = { authorization: `Bearer ${await token()}` };
    expect((await gateway().request(`/api/v1/members/${newId()}`, { headers: auth })).status).toBe(404);
    failing.add('organization');
    try {
      const res = await gateway().request(`/api/v1/members/${memberId}`, { headers: auth });
      expect(await jsonBody(res)).toMatchObject({ id: memberId, branch: null, branchPath: null, partial: true });
    } finally {
      failing.delete('organization');
    }
  });
});

describe('GET /orgs/:id/overview', () => {
  it('counts children, members and what waits for the org’s admin', async () => {
    const res = await gateway().request(`/api/v1/orgs/${adminOf}/overview`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toEqual({
      org: { id: adminOf, name: '第一团支部', type: 'branch' },
      children: { count: 0, more: false },
      members: { count: 4, more: false },
      pending: {
        orgChangeRequests: { count: 1, more: true },
        memberChangeRequests: { count: 2, more: false },
        openTransfers: { count: 1, more: false },
        runningImports: { count: 1, more: false },
        total: 5,
      },
      statistics: { orgId: adminOf, members: 4, branches: { total: 1, withoutMembers: 0, withoutCadres: 1 } },
      partial: false,
    });
  });

  it('leaves out what a failing service would have said', async () => {
    failing.add('statistics');
    try {
      const res = await gateway().request(`/api/v1/orgs/${adminOf}/overview`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(await jsonBody(res)).toMatchObject({ statistics: null, pending: { total: 5 }, partial: true });
    } finally {
      failing.delete('statistics');
    }
    failing.add('transfer');
    try {
      const res = await gateway().request(`/api/v1/orgs/${adminOf}/overview`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(await jsonBody(res)).toMatchObject({ pending: { openTransfers: null, total: 4 }, partial: true });
    } finally {
      failing.delete('transfer');
    }
  });
});
