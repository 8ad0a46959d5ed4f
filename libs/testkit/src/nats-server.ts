import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { freePort, waitForPort } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';
import { ensureSystemPackage } from './system-packages.js';

export async function startNatsServer(options: {
  dataDir: string;
  logDir: string;
  port?: number;
  log: (line: string) => void;
}): Promise<{ url: string; process: ManagedProcess }> {
  const binary = await ensureSystemPackage('nats-server', 'nats-server', options.log);
  const port = options.port ?? (await freePort());
  const storeDir = path.join(options.dataDir, 'nats');
  await mkdir(storeDir, { recursive: true });
  const process_ = startProcess(`nats-${port}`, binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    logDir: options.logDir,
  });
  await waitForPort(port, 15_000);
  return { url: `nats://127.0.0.1:${port}`, process: process_ };
}
