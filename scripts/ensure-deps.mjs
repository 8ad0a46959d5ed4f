// Runs before `npm start` and `npm test` (npm's pre-scripts), with nothing but Node: installs
// the workspace's packages when they are missing or older than the lockfile, so both commands
// work on a fresh clone.
//
// `npm install`, not `npm ci`: package-lock.json cannot list the other platforms' optional
// builds (rollup, turbo) where the registry mirror serves Linux builds only, and `npm ci`
// refuses such a lockfile; `npm install` keeps every locked version and fills those in.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.log('installing npm packages (first run or lockfile changed)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
