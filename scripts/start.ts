// `npm start`: infrastructure, the services, the import worker and the gateway, a seeded demo, one command.
// A process that dies is started again with backoff, like a process supervisor would; Ctrl-C (or
// SIGTERM) stops every process it started; nothing keeps listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { provisionInfrastructure, type Infrastructure } from '@zhtj/testkit';
import { ensurePortalBuild } from './portal-build.js';
import { seedDemo } from './seed-demo.js';
import { supervise, type Supervised } from './supervisor.js';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data', 'dev');
const logDir = path.join(dataDir, 'logs');
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 8080);
const services = [
  { name: 'identity', port: 8081 },
  { name: 'organization', port: 8082 },
  { name: 'membership', port: 8083 },
  { name: 'transfer', port: 8084 },
  { name: 'import', port: 8085 },
  { name: 'notification', port: 8088 },
  { name: 'statistics', port: 8089 },
  // The import worker: the import service's second entry point (health on its own port).
  { name: 'import-worker', port: 8086, service: 'import', entry: 'src/worker.ts' },
  // The portal's static server; its pages reach browsers through the gateway (PORTAL_URL).
  { name: 'portal', port: 8087, entry: 'server/main.ts' },
  { name: 'gateway', port: gatewayPort },
] as const;

const started = performance.now();
const supervised: Supervised[] = [];
let infra: Infrastructure | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  console.log('\nstopping…');
  await Promise.all(supervised.map((s) => s.stop(15_000)));
  await infra?.stop();
  console.log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// If whoever started us goes away without a signal (a killed terminal, `kill -9` on npm),
// we are re-parented: take the stack down rather than leave it listening.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stopAll(0);
}, 1000).unref();

function startService(
  { name, service = name, entry = 'src/main.ts' }: { name: string; service?: string; entry?: string },
  env: NodeJS.ProcessEnv,
): void {
  const log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  supervised.push(
    supervise({
      name,
      start: () => spawnService(name, service, entry, env, log),
      report: (line) => console.error(`${line}; see ${path.relative(root, log.path.toString())}`),
    }),
  );
}

function spawnService(
  name: string,
  service: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  log: ReturnType<typeof createWriteStream>,
): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', path.join('services', service, entry)], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const show = (line: string) => {
    log.write(line + '\n');
    // Full JSON goes to the log file; the console gets warnings and errors only.
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal')
        console.log(`[${name}] ${entry.level}: ${entry.msg}`);
    } catch {
      console.log(`[${name}] ${line}`);
    }
  };
  createInterface({ input: child.stdout! }).on('line', show);
  createInterface({ input: child.stderr! }).on('line', show);
  return child;
}

/** A secret made once per checkout and kept, so signing keys stay readable across restarts. */
async function devSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

async function waitReady(name: string, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready on port ${port} after ${timeoutMs / 1000} s`);
}

try {
  await mkdir(logDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  infra = await provisionInfrastructure({ dataDir, defaultPorts: true, log: (line) => console.log(line) });
  for (const choice of infra.choices) console.log(`  ${choice}`);

  const shared = {
    MONGO_URL: infra.mongoUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    CAPTCHA_ECHO: 'true',
    JWT_KEYS_SECRET: await devSecret(path.join(dataDir, 'jwt-keys-secret')),
    PORTAL_URL: 'http://127.0.0.1:8087',
  };
  ensurePortalBuild((line) => console.log(line));
  for (const definition of services) {
    const { name, port } = definition;
    const portVariable = name === 'gateway' ? 'GATEWAY_PORT' : name === 'import-worker' ? 'IMPORT_WORKER_PORT' : 'PORT';
    startService(definition, { ...shared, [portVariable]: String(port) });
  }
  await Promise.all(services.map(({ name, port }) => waitReady(name, port)));

  const demo = await seedDemo({ mongoUrl: infra.mongoUrl });
  const credentialsFile = path.join(root, '.data', 'demo-credentials.json');
  await writeFile(credentialsFile, JSON.stringify(demo, null, 2) + '\n');

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
zhtj is running (ready in ${seconds} s)
  portal:   http://127.0.0.1:${gatewayPort}/   (管理中心; API docs: http://127.0.0.1:${gatewayPort}/docs)
  gateway:  http://127.0.0.1:${gatewayPort}/api/v1   (status: http://127.0.0.1:${gatewayPort}/api/v1/status)
  demo org: ${demo.rootOrgName} (${demo.rootOrgId})
  login:    ID number ${demo.idNumber}, password ${demo.password}   (also in ${path.relative(root, credentialsFile)})
  logs:     ${path.relative(root, logDir)}/
Press Ctrl-C to stop everything.`);
} catch (error) {
  console.error(`npm start failed: ${(error as Error).message}`);
  await stopAll(1);
}
