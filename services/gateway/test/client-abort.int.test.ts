import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyRoute } from '../src/route-table.js';
import { testGateway, upstreamsAt } from './test-gateway.js';

// A browser that goes away in the middle of a large answer (a page left while its script loads, a
// cancelled workbook download) must cost the gateway that one answer — not the process.

const CHUNK = Buffer.alloc(64 * 1024, 'x');
let upstream: http.Server;
let gateway: ServerType;
let base: string;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  // Answers 4 MB, chunked (no length, so the gateway streams it), a piece every 5 ms.
  upstream = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent === 64) {
        clearInterval(timer);
        return void res.end();
      }
      res.write(CHUNK);
      sent += 1;
    }, 5);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const routes: ProxyRoute[] = [{ path: '/files/big', methods: ['GET'], service: 'organization', public: true }];
  const app = testGateway({
    upstreams: upstreamsAt(url),
    routes,
    portalUrl: url,
  });
  gateway = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  process.on('uncaughtException', onCrash);
});
afterAll(async () => {
  process.off('uncaughtException', onCrash);
  gateway?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

/** Starts a download and hangs up: as soon as the answer starts, or after its first bytes. */
function hangUp(path: string, when: 'headers' | 'bytes'): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, (res) => {
      if (when === 'headers') {
        req.destroy();
        return resolve();
      }
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error)));
  });
}

describe('a client that hangs up mid-answer', () => {
  it.each([
    ['a proxied file', '/api/v1/files/big'],
    ['a portal page', '/assets/big.js'],
  ])('costs only that answer: %s', async (_, path) => {
    for (let i = 0; i < 20; i += 1) await hangUp(path, i % 2 === 0 ? 'headers' : 'bytes');
    // Give the upstream time to keep sending into the abandoned answers.
    await new Promise((r) => setTimeout(r, 300));
    expect(crashes).toEqual([]);
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const whole = await fetch(`${base}${path}`);
    expect((await whole.arrayBuffer()).byteLength).toBe(64 * CHUNK.length);
  });
});
