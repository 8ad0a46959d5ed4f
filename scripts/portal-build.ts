import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const portalDir = path.join(root, 'services', 'portal');
export const portalDist = path.join(portalDir, 'dist');

/** What the portal's build is made from: its sources and the libraries it bundles. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(portalDir, p));
INPUTS.push(
  path.join(root, 'libs', 'id-number', 'src'),
  // Every folder vite.config.ts aliases into (member fields, the org tree, authority).
  path.join(root, 'libs', 'contracts', 'src', 'member'),
  path.join(root, 'libs', 'contracts', 'src', 'org'),
  path.join(root, 'libs', 'contracts', 'src', 'auth'),
  path.join(root, 'package-lock.json'),
  // How it is built (a bundle made before a change here is made again).
  path.join(root, 'scripts', 'portal-build.ts'),
);

function newest(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

/**
 * Builds the portal (vite build, ~20 s) unless its dist/ is newer than everything it is made
 * from — for `npm start` and the browser tests, on a fresh clone as after an edit.
 */
export function ensurePortalBuild(log: (line: string) => void = () => undefined): void {
  const built = newest(path.join(portalDist, 'index.html'));
  if (built > 0 && built >= Math.max(...INPUTS.map(newest))) return;
  log('building the portal (vite build)…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: portalDir,
      // Always the production bundle: vite builds in the mode of an inherited NODE_ENV, and vitest
      // (the browser tests) sets it to 'test' — a development React, and Ant Design's test-mode
      // ids ('test-id' for every dialog's title, so no dialog had its own accessible name).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`the portal's build failed (exit ${result.status})`);
}
