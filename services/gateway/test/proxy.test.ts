import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody } from '@zhtj/testkit';
import { largeBodyRoutes, type ProxyRoute } from '../src/route-table.js';
import { testGateway, upstreamsAt } from './test-gateway.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let seen: Seen | undefined;
const servers: http.Server[] = [];
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let echo: string;
let hanging: string;
beforeAll(async () => {
  echo = await serve((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen = { method: req.method!, url: req.url!, headers: req.headers, body };
      res.statusCode = req.url?.startsWith('/auth/login') ? 401 : 200;
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-upstream', 'identity');
      res.end(JSON.stringify({ ok: true }));
    });
  });
  hanging = await serve(() => undefined);
});
afterAll(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

const routes: ProxyRoute[] = [
  { path: '/auth/login', methods: ['POST'], service: 'identity' },
  { path: '/members/:id', methods: ['GET', 'PATCH'], service: 'membership', timeoutMs: 300 },
  { path: '/orgs/:id', methods: ['GET'], service: 'organization' },
  { path: '/orgs/:id/imports', methods: ['POST'], service: 'import', upload: 'workbook' },
];

function gateway(upstreams: Partial<Record<'identity' | 'membership' | 'organization', string>>) {
  return testGateway(
    { upstreams: upstreamsAt(echo, upstreams), routes },
    { largeBodies: largeBodyRoutes(routes, { workbookBytes: 64 * 1024 }) },
  );
}

describe('the gateway proxy', () => {
  it('forwards method, path without /api/v1, query, body and the caller’s token, and returns the answer as is', async () => {
    const res = await gateway({}).request('/api/v1/auth/login?lang=en', {
      method: 'POST',
      body: '{"idNumber":"x"}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc', 'x-request-id': 'req-1' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-upstream')).toBe('identity');
    expect(await jsonBody(res)).toEqual({ ok: true });
    expect(seen).toMatchObject({ method: 'POST', url: '/auth/login?lang=en', body: '{"idNumber":"x"}' });
    expect(seen!.headers.authorization).toBe('Bearer abc');
    expect(seen!.headers['x-request-id']).toBe('req-1');
  });

  it('sets the client address itself, ignoring one the caller claims', async () => {
    await gateway({}).request('/api/v1/members/42', { headers: { 'x-forwarded-for': '10.0.0.1' } });
    expect(seen!.headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('answers 503 naming the service when it is down', async () => {
    const res = await gateway({ organization: 'http://127.0.0.1:9' }).request('/api/v1/orgs/1');
    expect(res.status).toBe(503);
    const problem = await jsonBody(res);
    expect(problem.code).toBe('SERVICE_UNAVAILABLE');
    expect(problem.detail).toContain('organization');
  });

  it('answers 504 after the route’s timeout when the service does not answer', async () => {
    const started = Date.now();
    const res = await gateway({ membership: hanging }).request('/api/v1/members/1');
    expect(res.status).toBe(504);
    expect((await jsonBody(res)).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a body over the limit before it reaches the service', async () => {
    seen = undefined;
    const res = await gateway({}).request('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ blob: 'x'.repeat(5000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(seen).toBeUndefined();
  });

  it('streams an upload through under the route’s own larger limit, and refuses one over it', async () => {
    const upload = (size: number) =>
      gateway({}).request('/api/v1/orgs/o1/imports?kind=members', {
        method: 'POST',
        body: new Uint8Array(size).fill(65),
        headers: { 'content-type': 'application/octet-stream' },
      });
    seen = undefined;
    // A workbook of 64 KiB with its wrapping (64 KiB more) fits; beyond that it does not.
    const fits = await upload(120 * 1024);
    expect(fits.status).toBe(200);
    expect(seen!.body).toHaveLength(120 * 1024);
    seen = undefined;
    const over = await upload(130 * 1024);
    expect(over.status).toBe(413);
    expect((await jsonBody(over)).code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(seen).toBeUndefined();
  });

  it('answers 404 for a path or method no route has', async () => {
    expect((await gateway({}).request('/api/v1/nothing-here')).status).toBe(404);
    expect((await gateway({}).request('/api/v1/orgs/1', { method: 'DELETE' })).status).toBe(404);
  });
});
