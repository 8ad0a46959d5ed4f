import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, createLogger, createMetrics } from '../src/index.js';

const quiet = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });
const app = createHttpApp({ logger: quiet, metrics: createMetrics('t'), readiness: [], bodyLimitBytes: 1024 });
app.post('/echo', async (c) => c.json({ length: (await c.req.text()).length }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
let origin: string;
beforeAll(async () => {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('a body over the limit', () => {
  it('is answered 413 with Connection: close, so the next request on that connection is not lost', async () => {
    // One connection, as a keep-alive client (or a proxy's pool) would reuse it.
    const client = new Client(origin, { pipelining: 1 });
    try {
      const big = await client.request({
        path: '/echo',
        method: 'POST',
        body: 'x'.repeat(64 * 1024),
        headers: { 'content-type': 'text/plain' },
      });
      expect(big.statusCode).toBe(413);
      expect(big.headers.connection).toBe('close');
      expect(JSON.parse(await big.body.text())).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      const next = await client.request({
        path: '/echo',
        method: 'POST',
        body: 'small',
        headers: { 'content-type': 'text/plain' },
      });
      expect(next.statusCode).toBe(200);
      expect(await next.body.json()).toEqual({ length: 5 });
    } finally {
      await client.close();
    }
  });
});
