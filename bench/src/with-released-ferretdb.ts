// Runs another benchmark against upstream's FerretDB build instead of the testkit's patched one,
// for before/after figures in one session: the benchmark gets MONGO_URL of a released FerretDB
// (on its own PostgreSQL database), and connectMongo gives it one connection, as it would any
// FerretDB that is not the testkit's.
//
//   npm run bench:released -w @zhtj/bench -- bench:transfer
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startFerretDb } from '@zhtj/testkit';

const script = process.argv[2];
if (!script?.startsWith('bench:')) throw new Error('name the benchmark to run, e.g. bench:transfer');
const dir = path.resolve('.data/bench/ferretdb-released-run');
const ferret = await startFerretDb({
  dataDir: dir,
  logDir: path.join(dir, 'logs'),
  backend: 'postgresql',
  build: 'released',
  dropOnStop: true,
  log: (line) => console.log(line),
});
try {
  const run = spawnSync('npm', ['run', script], { stdio: 'inherit', env: { ...process.env, MONGO_URL: ferret.url } });
  process.exitCode = run.status ?? 1;
} finally {
  await ferret.process.stop();
}
