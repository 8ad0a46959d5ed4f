import { freePort, waitForPort } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';
import { ensureSystemPackage } from './system-packages.js';

export async function startRedisServer(options: {
  logDir: string;
  port?: number;
  log: (line: string) => void;
}): Promise<{ url: string; process: ManagedProcess }> {
  const binary = await ensureSystemPackage('redis-server', 'redis-server', options.log);
  const port = options.port ?? (await freePort());
  // Nothing on disk: tests and the dev stack keep only short-lived data in Redis.
  const process_ = startProcess(
    `redis-${port}`,
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { logDir: options.logDir },
  );
  await waitForPort(port, 15_000);
  return { url: `redis://127.0.0.1:${port}`, process: process_ };
}
