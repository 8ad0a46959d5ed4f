import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerEngineAnswers } from '../src/index.js';

const closers: Array<() => void> = [];
afterAll(() => closers.forEach((close) => close()));

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

describe('dockerEngineAnswers', () => {
  it('says no at once when there is no socket to talk to', async () => {
    const started = Date.now();
    expect(await dockerEngineAnswers({ dockerHost: 'unix:///nonexistent/docker.sock' })).toBe(false);
    // No timer involved: far below the 1 s it waits for an engine, even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('says no within its deadline when the peer accepts the connection and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    closers.unshift(() => sockets.forEach((s) => s.destroy()));
    const port = await listen(silent);
    const started = Date.now();
    expect(await dockerEngineAnswers({ dockerHost: `tcp://127.0.0.1:${port}`, timeoutMs: 300 })).toBe(false);
    // Its deadline, not a hang: generous for a loaded machine, far below "never".
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says yes when an engine answers /_ping', async () => {
    const engine = http.createServer((req, res) => {
      res.statusCode = req.url === '/_ping' ? 200 : 404;
      res.end('OK');
    });
    const port = await listen(engine);
    expect(await dockerEngineAnswers({ dockerHost: `tcp://127.0.0.1:${port}` })).toBe(true);
  });
});
