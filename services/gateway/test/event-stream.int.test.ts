import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenStreams } from '../src/proxy/open-streams.js';
import type { ProxyRoute } from '../src/route-table.js';
import { testGateway, upstreamsAt } from './test-gateway.js';

// A route marked `stream` (server-sent events, GET /messages/stream) passes through as it comes,
// for longer than the route's timeout, and hangs up on the service when the browser goes away.

let upstream: http.Server;
let gateway: ServerType;
let base: string;
let upstreamClosed = 0;
const streams = new OpenStreams();

beforeAll(async () => {
  // An event every 100 ms, for as long as the connection lasts; headers only after `?slow` waits.
  upstream = http.createServer((req, res) => {
    const start = () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      let n = 0;
      const timer = setInterval(() => res.write(`id: ${(n += 1)}\nevent: tick\ndata: {}\n\n`), 100);
      res.on('close', () => {
        clearInterval(timer);
        upstreamClosed += 1;
      });
    };
    if (req.url?.includes('slow')) setTimeout(start, 1000);
    else start();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const routes: ProxyRoute[] = [
    { path: '/messages/stream', methods: ['GET'], service: 'notification', stream: true, timeoutMs: 300, public: true },
    { path: '/messages/plain', methods: ['GET'], service: 'notification', timeoutMs: 300, public: true },
  ];
  const app = testGateway({
    upstreams: upstreamsAt(url),
    routes,
    streams,
  });
  gateway = await new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(() => {
  gateway?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

/** Reads the stream for `ms`, noting when each event arrived; then hangs up. */
async function readFor(path: string, ms: number): Promise<{ status: number; arrivals: number[]; type: string | null }> {
  const started = Date.now();
  const res = await fetch(`${base}${path}`);
  const arrivals: number[] = [];
  const reader = res.body!.getReader();
  const stop = setTimeout(() => void reader.cancel(), ms);
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) break;
    const events = new TextDecoder()
      .decode(value)
      .split('\n\n')
      .filter((e) => e.includes('event: tick')).length;
    for (let i = 0; i < events; i += 1) arrivals.push(Date.now() - started);
  }
  clearTimeout(stop);
  return { status: res.status, arrivals, type: res.headers.get('content-type') };
}

describe('a stream through the gateway', () => {
  it('passes each event on as it comes, well past the route’s timeout', async () => {
    const { status, arrivals, type } = await readFor('/api/v1/messages/stream', 1200);
    expect(status).toBe(200);
    expect(type).toContain('text/event-stream');
    // Events kept coming after the 300 ms a plain route would have allowed…
    expect(arrivals.filter((t) => t > 600).length).toBeGreaterThan(3);
    // …one by one, not held back and sent together.
    expect(new Set(arrivals.map((t) => Math.floor(t / 100))).size).toBeGreaterThan(5);
  });

  it('hangs up on the service when the browser goes away', async () => {
    const before = upstreamClosed;
    await readFor('/api/v1/messages/stream', 300);
    await expect.poll(() => upstreamClosed, { timeout: 3000 }).toBeGreaterThan(before);
  });

  it('still answers 504 when the service does not answer its headers in time', async () => {
    const res = await fetch(`${base}/api/v1/messages/stream?slow=1`);
    expect(res.status).toBe(504);
    expect(((await res.json()) as { code: string }).code).toBe('TIMEOUT');
  });

  it('cuts a route that is not a stream at its timeout', async () => {
    const started = Date.now();
    const { arrivals } = await readFor('/api/v1/messages/plain', 2000);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(arrivals.every((t) => t < 600)).toBe(true);
  });

  // Last: the gateway stays stopping afterwards.
  it('ends the streams it passes through when the gateway stops, and forgets those that ended', async () => {
    await readFor('/api/v1/messages/stream', 200);
    await expect.poll(() => streams.size, { timeout: 3000 }).toBe(0);
    const reading = readFor('/api/v1/messages/stream', 10_000);
    await expect.poll(() => streams.size, { timeout: 3000 }).toBe(1);
    const started = Date.now();
    await streams.stop();
    await reading;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(streams.size).toBe(0);
  });
});
