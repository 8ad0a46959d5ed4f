import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonBody } from '@zhtj/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { upstreamsAt } from './test-gateway.js';

// Real HTTP servers on loopback stand in for the services: one ready, one not ready, one hanging.
const servers: http.Server[] = [];
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let ready: string;
let notReady: string;
let hanging: string;
beforeAll(async () => {
  ready = await serve((_req, res) => res.end('{"ready":true}'));
  notReady = await serve((_req, res) => {
    res.statusCode = 503;
    res.end('{"ready":false}');
  });
  hanging = await serve(() => undefined);
});
afterAll(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

const selfReady = async () => ({ ready: true, checks: {} });

describe('GET /api/v1/status', () => {
  it('says ready when the gateway and all seven services are ready', async () => {
    const app = createApp({
      upstreams: upstreamsAt(ready),
      selfReadiness: selfReady,
      statusTimeoutMs: 1000,
      clientAddress: () => '127.0.0.1',
    });
    const res = await app.request('/api/v1/status');
    expect(res.status).toBe(200);
    const body = await jsonBody(res);
    expect(body.ready).toBe(true);
    expect(Object.keys(body.services).sort()).toEqual([
      'gateway',
      'identity',
      'import',
      'membership',
      'notification',
      'organization',
      'statistics',
      'transfer',
    ]);
    expect(body.services.identity).toEqual({ ready: true, latencyMs: expect.any(Number) });
  });

  it('names the service that is not ready, and answers 503', async () => {
    const app = createApp({
      upstreams: { ...upstreamsAt(ready), transfer: notReady },
      selfReadiness: selfReady,
      statusTimeoutMs: 1000,
      clientAddress: () => '127.0.0.1',
    });
    const res = await app.request('/api/v1/status');
    expect(res.status).toBe(503);
    const body = await jsonBody(res);
    expect(body.ready).toBe(false);
    expect(body.services.transfer.ready).toBe(false);
    expect(body.services.identity.ready).toBe(true);
  });

  it('does not hang on a service that never answers, or on one that is not listening', async () => {
    const app = createApp({
      upstreams: { ...upstreamsAt(ready), membership: hanging, import: 'http://127.0.0.1:9' },
      selfReadiness: selfReady,
      statusTimeoutMs: 300,
      clientAddress: () => '127.0.0.1',
    });
    const started = Date.now();
    const body = await jsonBody(await app.request('/api/v1/status'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(body.services.membership.ready).toBe(false);
    expect(body.services.import.ready).toBe(false);
  });
});
