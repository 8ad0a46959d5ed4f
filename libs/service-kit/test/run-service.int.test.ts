import { spawn, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isListening, removeNamespace, jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';

const infra = testInfra();
const fixture = path.join(import.meta.dirname, 'fixtures', 'slow-service.ts');
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await removeNamespace(infra, infra.namespace);
});

interface Started {
  child: ChildProcess;
  port: number;
  exit: Promise<{ code: number | null; stderr: string; elapsedAfterSignalMs: number }>;
  signal(name: NodeJS.Signals): void;
}

async function startFixture(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', fixture], {
    env: {
      ...process.env,
      MONGO_URL: infra.mongoUrl,
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      BUS_NAMESPACE: infra.namespace,
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let signalledAt = 0;
  const exit = new Promise<{ code: number | null; stderr: string; elapsedAfterSignalMs: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr, elapsedAfterSignalMs: signalledAt ? Date.now() - signalledAt : 0 })),
  );
  const listening = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('fixture listening')) resolve();
    });
  });
  await Promise.race([listening, exit]);
  return {
    child,
    port,
    exit,
    signal: (name) => {
      signalledAt = Date.now();
      child.kill(name);
    },
  };
}

// Each test starts a service process (tsx compiling the libs): seconds alone, 20 s and more while
// the rest of the suite loads both cores.
describe('runService', { timeout: 120_000 }, () => {
  it('boots on the real servers and reports Mongo, NATS and Redis ready', async () => {
    const service = await startFixture({});
    const res = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect(res.status).toBe(200);
    const report = await jsonBody(res);
    expect(Object.keys(report.checks).sort()).toEqual(['mongo', 'nats', 'redis']);
    expect(Object.values(report.checks).every((c) => (c as { ok: boolean }).ok)).toBe(true);
    service.signal('SIGTERM');
    expect((await service.exit).code).toBe(0);
  });

  it('listens on loopback by default, and serves /metrics on METRICS_PORT only when it is set', async () => {
    const metricsPort = await freePort();
    const service = await startFixture({ METRICS_PORT: String(metricsPort) });
    try {
      expect((await fetch(`http://127.0.0.1:${service.port}/metrics`)).status).toBe(404);
      // A path that URL parsing turns into /metrics is no way in either.
      expect((await fetch(`http://127.0.0.1:${service.port}/api/v1/%2e%2e/%2e%2e/metrics`)).status).toBe(404);
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('http_request');
      // Not on the machine's other interfaces.
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && i.family === 'IPv4' && !i.internal)
        .map((i) => i!.address);
      for (const address of others) await expect(fetch(`http://${address}:${service.port}/healthz`)).rejects.toThrow();
    } finally {
      service.signal('SIGTERM');
      await service.exit;
    }
  });

  it('on SIGTERM finishes the request in flight, stops listening, stops what the service runs last-first and exits 0', async () => {
    const service = await startFixture({});
    const inFlight = fetch(`http://127.0.0.1:${service.port}/slow?ms=800`);
    await new Promise((r) => setTimeout(r, 200));
    service.signal('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toEqual({ done: true });
    const { code, stderr } = await service.exit;
    expect(code).toBe(0);
    expect(await isListening(service.port)).toBe(false);
    // Each in turn, the last listed first (an undefined entry skipped).
    expect(stderr.match(/stopped \w+/g)).toEqual(['stopped consumer', 'stopped projection', 'stopped relay']);
  });

  it('gives up after SHUTDOWN_TIMEOUT_MS when a request never ends, and exits non-zero', async () => {
    const service = await startFixture({ SHUTDOWN_TIMEOUT_MS: '500' });
    const hanging = fetch(`http://127.0.0.1:${service.port}/slow?ms=60000`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    service.signal('SIGTERM');
    const { code, elapsedAfterSignalMs } = await service.exit;
    await hanging;
    expect(code).toBe(1);
    expect(elapsedAfterSignalMs).toBeLessThan(5000);
  });

  it('refuses to start with a bad variable, naming it, and exits non-zero', async () => {
    const service = await startFixture({ MONGO_URL: 'http://not-mongo', SHUTDOWN_TIMEOUT_MS: 'soon' });
    const { code, stderr } = await service.exit;
    expect(code).toBe(1);
    expect(stderr).toContain('MONGO_URL');
    expect(stderr).toContain('SHUTDOWN_TIMEOUT_MS');
  });
});
