import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { provisionInfrastructure } from './infrastructure.js';
import { removeNamespace, uniqueNamespace } from './isolation.js';
import './provided-context.js';

/**
 * Vitest globalSetup: provisions the servers once per run and hands their URLs to every test
 * file through `inject('infra')`. Everything this run wrote carries `runPrefix` and is removed
 * at the end; servers it started are stopped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = project.config.root;
  const runPrefix = uniqueNamespace('t');
  const dataDir = path.join(root, '.data', `test-${runPrefix}`);
  const infra = await provisionInfrastructure({ dataDir, log: (line) => console.log(`[testkit] ${line}`) });
  console.log(`[testkit] ${infra.choices.join('; ')}`);
  project.provide('infra', { mongoUrl: infra.mongoUrl, natsUrl: infra.natsUrl, redisUrl: infra.redisUrl, runPrefix });
  return async () => {
    await removeNamespace(infra, runPrefix);
    await infra.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
