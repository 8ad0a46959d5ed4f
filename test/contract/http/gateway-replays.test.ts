import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '@zhtj/service-kit';
import { jsonBody, testSigner, type TestSigner } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { testEdge, testGateway, type UpstreamCallName, upstreamCalls } from '@zhtj/gateway/testing';
import { httpExamples } from './examples.js';

/**
 * Consumer side of the gateway's HTTP contracts: each service is a small server answering the
 * gateway's calls with the services' recorded answers (which services-answer.test.ts checks the
 * real services still give), and the composed views come out whole, with what those answers say.
 */
type Page = { items: Array<{ status?: string }>; nextCursor: string | null };
const infra = testInfra();
const names = Object.keys(upstreamCalls) as UpstreamCallName[];
const examples = {} as Record<UpstreamCallName, any>;
const answers = new Map<string, Map<string, unknown>>();
const asked: string[] = [];
const servers: http.Server[] = [];
const urls: Record<string, string> = {};
let redis: Redis;
let signer: TestSigner;

beforeAll(async () => {
  for (const name of names) examples[name] = await httpExamples.read(name);
  // The ids in the recorded answers lead the gateway to its next calls.
  const argsOf: Record<UpstreamCallName, string[]> = {
    statistics: [examples.org.id],
    account: [],
    unreadMessages: [],
    member: [examples.member.id],
    org: [examples.org.id],
    orgPath: [examples.member.branchId],
    orgChildren: [examples.org.id],
    orgChangeRequests: [examples.org.id],
    orgMembers: [examples.org.id],
    memberChangeRequests: [examples.org.id],
    transfersAwaitingMe: [],
    openTransfers: [examples.org.id],
    imports: [examples.org.id],
  };
  for (const name of names) {
    const call = upstreamCalls[name] as { service: string; path: (...a: string[]) => string };
    if (!answers.has(call.service)) answers.set(call.service, new Map());
    answers.get(call.service)!.set(call.path(...argsOf[name]), examples[name]);
  }
  for (const [service, paths] of answers) {
    const server = http.createServer((req, res) => {
      asked.push(`${service} ${req.url}`);
      const body = paths.get(req.url!);
      if (body === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  signer = await testSigner();
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
  await redis?.quit();
});

const gateway = (upstreams = urls) => testGateway({ upstreams: upstreams as never, edge: testEdge(redis, signer) });
const token = () =>
  signer.token(
    [
      { role: 'member', orgId: examples.member.branchId },
      { role: 'org_admin', orgId: examples.org.id },
    ],
    { memberId: examples.member.id, name: examples.account.name },
  );
const get = async (path: string, app = gateway()) => {
  const res = await app.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${await token()}` } });
  return { status: res.status, body: await jsonBody(res) };
};
const countOf = (page: Page) => ({ count: page.items.length, more: page.nextCursor !== null });
const isRunning = (job: { status?: unknown }) => job.status === 'queued' || job.status === 'running';
/** As the gateway counts running imports: `more` when a whole page was running and more remain. */
const running = (page: Page) => ({
  count: page.items.filter(isRunning).length,
  more: page.nextCursor !== null && page.items.every(isRunning),
});

describe('the gateway on the services’ recorded answers', () => {
  it('composes GET /me whole', async () => {
    asked.length = 0;
    const { status, body } = await get('/me');
    expect(status).toBe(200);
    expect(body).toEqual({
      account: examples.account,
      member: examples.member,
      branchPath: examples.orgPath,
      administeredOrgs: [examples.org],
      todo: {
        transfersAwaitingMe: countOf(examples.transfersAwaitingMe),
        orgChangeRequests: countOf(examples.orgChangeRequests),
        memberChangeRequests: countOf(examples.memberChangeRequests),
        runningImports: running(examples.imports),
      },
      unreadMessages: examples.unreadMessages.unread,
      partial: false,
    });
  });

  it('composes GET /members/:id whole, with the branch and its path', async () => {
    const { status, body } = await get(`/members/${examples.member.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      ...examples.member,
      branch: examples.orgPath.items.at(-1),
      branchPath: examples.orgPath.items,
      partial: false,
    });
  });

  it('composes GET /orgs/:id/overview whole', async () => {
    const { status, body } = await get(`/orgs/${examples.org.id}/overview`);
    expect(status).toBe(200);
    const pending = {
      orgChangeRequests: countOf(examples.orgChangeRequests),
      memberChangeRequests: countOf(examples.memberChangeRequests),
      openTransfers: countOf(examples.openTransfers),
      runningImports: running(examples.imports),
    };
    expect(body).toEqual({
      org: examples.org,
      children: countOf(examples.orgChildren),
      members: countOf(examples.orgMembers),
      pending: {
        ...pending,
        total:
          pending.orgChangeRequests.count +
          pending.memberChangeRequests.count +
          pending.openTransfers.count +
          pending.runningImports.count,
      },
      statistics: examples.statistics,
      partial: false,
    });
  });

  it('asks only the recorded calls', () => {
    const recorded = [...answers].flatMap(([service, paths]) => [...paths.keys()].map((p) => `${service} ${p}`));
    expect([...new Set(asked)].filter((a) => !recorded.includes(a))).toEqual([]);
  });

  it('refuses an answer that lacks what it reads: 502 for the main part, null and partial for the rest', async () => {
    const broken = http.createServer((req, res) => {
      const body = answers.get('membership')!.get(req.url!) as Record<string, unknown> | undefined;
      const { branchId: _dropped, ...withoutBranch } = (body ?? {}) as Record<string, unknown>;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url!.startsWith('/members/') ? withoutBranch : { ...body, items: 'not a list' }));
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const app = gateway({ ...urls, membership: `http://127.0.0.1:${(broken.address() as AddressInfo).port}` });
      const detail = await get(`/members/${examples.member.id}`, app);
      expect(detail.status).toBe(502);
      expect(detail.body).toMatchObject({ code: 'UPSTREAM_REPLY_INVALID' });
      const overview = await get(`/orgs/${examples.org.id}/overview`, app);
      expect(overview.status).toBe(200);
      expect(overview.body).toMatchObject({ members: null, partial: true });
    } finally {
      broken.closeAllConnections();
      broken.close();
    }
  });
});
