// Drives the members-page find against one or more FerretDB URLs.
// usage: node load.mjs --urls=u1,u2 --conc=64 --pool=8 --secs=10 --serial=200 [--check]
import { MongoClient } from 'mongodb';
import { createHash } from 'node:crypto';
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? '1'];
  }),
);
const urls = (args.urls ?? 'mongodb://127.0.0.1:27100/').split(',');
const conc = Number(args.conc ?? 64),
  pool = Number(args.pool ?? 8),
  secs = Number(args.secs ?? 10),
  serial = Number(args.serial ?? 200);
const rounds = Number(args.rounds ?? 1);
const pids = (args.pids ?? '').split(',').filter(Boolean);
import { readFileSync } from 'node:fs';
const procCpuMs = (pid) => {
  if (!pid) return NaN;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const TARGET = args.branch ?? '01977420-dc00-711e-8d6f-b8766c225cf4';
const page = (col, after) =>
  col
    .find(after ? { branchId: TARGET, status: 'active', _id: { $gt: after } } : { branchId: TARGET, status: 'active' }, {
      sort: { _id: 1 },
      limit: 51,
      projection: { outbox: 0, outboxLock: 0 },
      maxTimeMS: 5000,
    })
    .toArray();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
const clients = [];
for (const url of urls) {
  const c = await MongoClient.connect(url, { maxPoolSize: pool, minPoolSize: pool });
  clients.push({ url, c, col: c.db('membership').collection('members') });
}
// correctness: all pages of the branch, hashed
for (const { url, col } of clients) {
  let after,
    n = 0;
  const h = createHash('sha256');
  for (;;) {
    const d = await page(col, after);
    const items = d.slice(0, 50);
    for (const x of items) h.update(JSON.stringify(x));
    n += items.length;
    if (d.length <= 50) break;
    after = items.at(-1)._id;
  }
  const first = await page(col);
  console.log(
    `check ${url}: ${n} docs over all pages, sha256 ${h.digest('hex').slice(0, 16)}, first page ${first.length} docs, ${Object.keys(first[0]).length} fields`,
  );
}
async function serialRun(col) {
  for (let i = 0; i < 20; i++) await page(col);
  const lat = [];
  for (let i = 0; i < serial; i++) {
    const t = process.hrtime.bigint();
    await page(col);
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return lat;
}
async function loadRun(col) {
  let n = 0,
    stop = false;
  const lat = [];
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  setTimeout(() => {
    stop = true;
  }, secs * 1000);
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (!stop) {
        const t = process.hrtime.bigint();
        await page(col);
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
        n++;
      }
    }),
  );
  const el = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { n, rate: n / el, p50: pct(lat, 0.5), p99: pct(lat, 0.99), nodeCpuMsPerPage: (cpu.user + cpu.system) / 1000 / n };
}
for (let r = 0; r < rounds; r++)
  for (const [ci, { url, col }] of clients.entries()) {
    const lat = serial ? await serialRun(col) : [];
    const c0 = procCpuMs(pids[ci]);
    const L = conc ? await loadRun(col) : null;
    const fcpu = L ? (procCpuMs(pids[ci]) - c0) / L.n : NaN;
    console.log(
      `round ${r} ${url}: serial p50 ${serial ? pct(lat, 0.5).toFixed(2) : '-'} ms p90 ${serial ? pct(lat, 0.9).toFixed(2) : '-'} | load c=${conc} pool=${pool}: ${L ? L.rate.toFixed(1) : '-'} pages/s p50 ${L?.p50.toFixed(1)} p99 ${L?.p99.toFixed(1)} ms, driver cpu ${L?.nodeCpuMsPerPage.toFixed(2)} ms/page, ferretdb cpu ${fcpu.toFixed(2)} ms/page`,
    );
  }
for (const { c } of clients) await c.close();
