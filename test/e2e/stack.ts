import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { newId } from '@zhtj/contracts';
import { freePort, removeNamespace, type Isolated } from '@zhtj/testkit';
import { ensurePortalBuild } from '../../scripts/portal-build.js';
import { seedDemoAdmin } from '@zhtj/identity/testing';
import { seedDemoTree } from '@zhtj/organization/testing';

const root = path.resolve(import.meta.dirname, '../..');
const SERVICES = ['identity', 'organization', 'membership', 'transfer', 'import', 'notification', 'statistics'] as const;

/**
 * The whole system as `npm start` runs it — the seven services, an import worker and the
 * gateway, each its own process — on this test file's namespace, with the demo org and admin
 * seeded. Journeys talk to it only through the gateway.
 */
export async function startStack(
  infra: Isolated,
  options: {
    seedTree?: boolean;
    /** Extra environment for every process (a benchmark raises the rate limit). */
    env?: Record<string, string>;
    /** Each process's output (its JSON log) into `<logDir>/<name>.log`; otherwise dropped. */
    logDir?: string;
    /** The portal too (built first when its sources changed), its pages served by the gateway. */
    portal?: boolean;
  } = {},
) {
  if (options.portal) ensurePortalBuild((line) => console.log(line));
  const ports = new Map<string, number>();
  for (const name of [...SERVICES, 'import-worker', 'gateway', ...(options.portal ? ['portal'] : [])])
    ports.set(name, await freePort());
  const url = (name: string) => `http://127.0.0.1:${ports.get(name)}`;
  // The gateway's metrics are on a port of their own (its API port is public).
  const gatewayMetricsPort = await freePort();

  // The demo tree and admin, as `npm start` seeds them.
  const orgDb = await mongoose.createConnection(infra.mongoUrl, { dbName: `${infra.namespace}_zhtj_organization` }).asPromise();
  const idDb = await mongoose.createConnection(infra.mongoUrl, { dbName: `${infra.namespace}_zhtj_identity` }).asPromise();
  // Without the tree the admin administers an org organization does not know.
  const { rootOrgId } = options.seedTree === false ? { rootOrgId: newId() } : await seedDemoTree(orgDb);
  const demo = { ...(await seedDemoAdmin(idDb, rootOrgId)), rootOrgId };
  await Promise.all([orgDb.close(), idDb.close()]);

  const processes = new Map<string, { child: ChildProcess; exit: Promise<number | null> }>();
  const specs = new Map<string, { entry: string; vars: Record<string, string> }>();
  const common = {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    MONGO_URL: infra.mongoUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    BUS_NAMESPACE: infra.namespace,
    JWT_KEYS_SECRET: 'e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    CAPTCHA_ECHO: 'true',
    JWKS_URL: `${url('identity')}/.well-known/jwks.json`,
    ...options.env,
  };
  const spawnProcess = (name: string) => {
    const { entry, vars } = specs.get(name)!;
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', path.join(root, entry)], {
      cwd: root,
      env: { ...common, ...vars },
      stdio: ['ignore', options.logDir ? 'pipe' : 'ignore', 'inherit'],
    });
    if (options.logDir) child.stdout!.pipe(createWriteStream(path.join(options.logDir, `${name}.log`), { flags: 'a' }));
    processes.set(name, { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) });
  };
  const start = (name: string, entry: string, vars: Record<string, string>) => {
    specs.set(name, { entry, vars });
    spawnProcess(name);
  };
  for (const name of SERVICES) start(name, `services/${name}/src/main.ts`, { PORT: String(ports.get(name)) });
  // A port found free may be taken before the service binds it (stacks of other test files start
  // at the same time): then the service exits, or another stack's service answers there. Each is
  // confirmed to be itself on its port, and started again on another port if not, before the
  // gateway is told where they are.
  for (const name of SERVICES) {
    for (let tries = 1; !(await isItself(name, url(name), processes.get(name)!.child)); tries += 1) {
      if (tries === 3) throw new Error(`${name} did not come up as itself on a port of its own`);
      processes.get(name)!.child.kill('SIGKILL');
      await processes.get(name)!.exit;
      ports.set(name, await freePort());
      specs.set(name, { ...specs.get(name)!, vars: { PORT: String(ports.get(name)) } });
      spawnProcess(name);
    }
  }
  start('import-worker', 'services/import/src/worker.ts', { IMPORT_WORKER_PORT: String(ports.get('import-worker')) });
  if (options.portal) start('portal', 'services/portal/server/main.ts', { PORT: String(ports.get('portal')) });
  start('gateway', 'services/gateway/src/main.ts', {
    GATEWAY_PORT: String(ports.get('gateway')),
    METRICS_PORT: String(gatewayMetricsPort),
    ...(options.portal ? { PORTAL_URL: url('portal') } : {}),
    ...Object.fromEntries(SERVICES.map((n) => [`${n.toUpperCase()}_URL`, url(n)])),
  });
  for (const name of ports.keys()) await waitReady(url(name));

  return {
    api: `${url('gateway')}/api/v1`,
    /** Where a browser opens the portal (its pages on the gateway's origin), with `portal: true`. */
    web: `${url('gateway')}/`,
    demo,
    /** Each process's port, by name (the services, `import-worker`, `gateway`). */
    ports,
    /** Where the gateway serves /metrics. */
    gatewayMetricsPort,
    /** The base URL of a process's HTTP port. */
    url,
    /** SIGTERM to every process; their exit codes, by name. */
    async terminate(): Promise<Record<string, number | null>> {
      for (const { child } of processes.values()) child.kill('SIGTERM');
      return Object.fromEntries(await Promise.all([...processes].map(async ([name, { exit }]) => [name, await exit] as const)));
    },
    /** Kills one process (SIGKILL by default: no chance to finish anything) and waits for it to be gone. */
    async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
      const running = processes.get(name)!;
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
      await running.exit;
    },
    /** Starts a process again, as it was started (with `env` on top, if given), and waits until it is ready. */
    async restart(name: string, env: Record<string, string> = {}): Promise<void> {
      const spec = specs.get(name)!;
      specs.set(name, { ...spec, vars: { ...spec.vars, ...env } });
      spawnProcess(name);
      await waitReady(url(name));
    },
    async stop() {
      for (const { child } of processes.values()) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([...processes.values()].map((p) => p.exit));
      await removeNamespace(infra, infra.namespace);
    },
  };
}

/** Ready on its port, still running, and the one answering there (its metrics carry its name). */
async function isItself(name: string, base: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) }).catch(() => null))?.ok) {
      const metrics = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.text(),
        () => '',
      );
      return metrics.includes(`service="${name}"`) && child.exitCode === null;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} not ready`);
}

async function waitReady(base: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) }).catch(() => null))?.ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} not ready`);
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
