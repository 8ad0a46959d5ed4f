import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyRoute } from '../src/route-table.js';
import { testGateway, upstreamsAt } from './test-gateway.js';

// A stand-in identity that issues and rotates tokens: the portal's refresh token must travel
// only in the HttpOnly cookie, and scripts keep the body as before.
const received: Array<{ url: string; body: string; cookie: string | undefined }> = [];
let server: http.Server;
let identity: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ url: req.url!, body, cookie: req.headers.cookie });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/auth/logout') return void res.writeHead(204).end();
      const given = body ? (JSON.parse(body) as { refreshToken?: string }).refreshToken : undefined;
      if (req.url === '/auth/refresh' && given !== 'r1') {
        res.statusCode = 401;
        return void res.end(JSON.stringify({ code: 'REFRESH_TOKEN_INVALID', title: '登录已失效' }));
      }
      res.end(JSON.stringify({ accessToken: 'a', refreshToken: req.url === '/auth/login' ? 'r1' : 'r2', expiresIn: 900 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  identity = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const routes: ProxyRoute[] = [
  { path: '/auth/login', methods: ['POST'], service: 'identity', public: true, session: 'issue' },
  { path: '/auth/refresh', methods: ['POST'], service: 'identity', public: true, session: 'rotate' },
  { path: '/auth/logout', methods: ['POST'], service: 'identity', public: true, session: 'end' },
];
const gateway = () =>
  testGateway({
    upstreams: upstreamsAt('', { identity }),
    routes,
  });
const portal = { 'x-session-transport': 'cookie', 'content-type': 'application/json' };

describe('the portal’s refresh token in an HttpOnly cookie', () => {
  it('moves the refresh token of a login out of the body into the cookie', async () => {
    const res = await gateway().request('http://zhtj.example.org/api/v1/auth/login', {
      method: 'POST',
      headers: portal,
      body: '{"idNumber":"x"}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accessToken: 'a', expiresIn: 900 });
    expect(res.headers.get('set-cookie')).toBe('zhtj_refresh=r1; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Secure');
  });

  it('refreshes from the cookie alone, rotating it, and never passes the cookie on', async () => {
    const res = await gateway().request('http://127.0.0.1/api/v1/auth/refresh', {
      method: 'POST',
      headers: { ...portal, cookie: 'other=1; zhtj_refresh=r1' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accessToken: 'a', expiresIn: 900 });
    // Loopback: no Secure, or the browser would drop it over plain http.
    expect(res.headers.get('set-cookie')).toBe('zhtj_refresh=r2; Path=/api/v1/auth; HttpOnly; SameSite=Strict');
    expect(received.at(-1)).toEqual({ url: '/auth/refresh', body: '{"refreshToken":"r1"}', cookie: undefined });
  });

  it('clears the cookie when the refresh is refused (a reused token ends the session everywhere) and on logout', async () => {
    const refused = await gateway().request('http://127.0.0.1/api/v1/auth/refresh', {
      method: 'POST',
      headers: { ...portal, cookie: 'zhtj_refresh=stolen' },
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('REFRESH_TOKEN_INVALID');
    expect(refused.headers.get('set-cookie')).toContain('zhtj_refresh=; Path=/api/v1/auth; HttpOnly; SameSite=Strict; Max-Age=0');
    const out = await gateway().request('http://127.0.0.1/api/v1/auth/logout', {
      method: 'POST',
      headers: { ...portal, cookie: 'zhtj_refresh=r2' },
    });
    expect(out.status).toBe(204);
    expect(received.at(-1)!.body).toBe('{"refreshToken":"r2"}');
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('leaves other clients as they were: the token in the body, no cookie, and a body token wins over a cookie', async () => {
    const login = await gateway().request('http://127.0.0.1/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await login.json()).toMatchObject({ refreshToken: 'r1' });
    expect(login.headers.get('set-cookie')).toBeNull();
    await gateway().request('http://127.0.0.1/api/v1/auth/refresh', {
      method: 'POST',
      headers: { ...portal, cookie: 'zhtj_refresh=r9' },
      body: '{"refreshToken":"r1"}',
    });
    expect(received.at(-1)!.body).toBe('{"refreshToken":"r1"}');
  });
});
