import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, removeNamespace, jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';

// The whole system as `npm start` runs it (minus the seed): six processes on the kit.
const infra = testInfra();
const root = path.resolve(import.meta.dirname, '../../..');
const names = ['identity', 'organization', 'membership', 'transfer', 'import', 'gateway'] as const;
const children: ChildProcess[] = [];
const ports = new Map<string, number>();
const exits: Array<Promise<number | null>> = [];

async function waitReady(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} not ready`);
}

beforeAll(async () => {
  for (const name of names) ports.set(name, await freePort());
  const common = {
    ...process.env,
    MONGO_URL: infra.mongoUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    BUS_NAMESPACE: infra.namespace,
    LOG_LEVEL: 'warn',
  };
  const urls = Object.fromEntries(
    names.filter((n) => n !== 'gateway').map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports.get(n)}`]),
  );
  for (const name of names) {
    const env =
      name === 'gateway'
        ? { ...common, ...urls, GATEWAY_PORT: String(ports.get(name)) }
        : { ...common, PORT: String(ports.get(name)) };
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', path.join(root, 'services', name, 'src', 'main.ts')],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(child);
    exits.push(new Promise((resolve) => child.once('exit', (code) => resolve(code))));
  }
  await Promise.all(names.map((n) => waitReady(ports.get(n)!)));
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await removeNamespace(infra, infra.namespace);
});

describe('the six services on the kit', () => {
  it('answer /api/v1/status through the gateway, all ready', async () => {
    const res = await fetch(`http://127.0.0.1:${ports.get('gateway')}/api/v1/status`);
    expect(res.status).toBe(200);
    const body = await jsonBody(res);
    expect(body.ready).toBe(true);
    for (const name of names) expect(body.services[name], name).toMatchObject({ ready: true });
  });

  it('each answer /healthz and /metrics', async () => {
    for (const name of names) {
      const port = ports.get(name)!;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, name).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), name).toContain(`service="${name}"`);
    }
  });

  it('all stop cleanly on SIGTERM', async () => {
    for (const child of children) child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual(names.map(() => 0));
  });
});
