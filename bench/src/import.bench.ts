// Import benchmark: a generated 100,000-row members workbook through the whole path — upload →
// worker → membership's batch command → members created → identity's accounts created — with
// IMPORT_BENCH_WORKERS workers sharing the queue (that many files, uploaded together).
// membership, identity and the workers run as their own processes, as in production; the import
// API runs in this process (one upload request is not what is measured). Beside them, in the
// same run, the floor: exceljs streaming parse of the file alone, and a bare insertMany of the
// same member documents.
//
//   npm run bench:import -w @zhtj/bench                           (one worker)
//   IMPORT_BENCH_WORKERS=2 npm run bench:import -w @zhtj/bench    (two; results: bench/results/import.md)
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Bus, startOrgProjection, startOutboxRelay } from '@zhtj/bus';
import { createEvent, newId, orgCreatedV1, type StreamName } from '@zhtj/contracts';
import { connectMongo, createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import {
  eventually,
  freePort,
  isolate,
  provisionInfrastructure,
  removeNamespace,
  testSigner,
  uniqueNamespace,
} from '@zhtj/testkit';
import { createApp } from '../../services/import/src/app.js';
import { composeImportApi } from '../../services/import/src/compose.js';
import { visitWorkbook } from '../../services/import/src/rows/sheet-reader.js';
import { buildLargeWorkbook, memberRow } from '../../services/import/test/workbooks.js';

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const WORKER_HEAP_MB = Number(process.env.IMPORT_WORKER_HEAP_MB ?? 256);
const WORKERS = Number(process.env.IMPORT_BENCH_WORKERS ?? 1);
const root = path.resolve(import.meta.dirname, '../..');
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

const children: ChildProcess[] = [];
async function startProcess(name: string, entry: string, vars: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGO_URL: env.mongoUrl,
      NATS_URL: env.natsUrl,
      REDIS_URL: env.redisUrl,
      BUS_NAMESPACE: env.namespace,
      JWT_KEYS_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
      // As the import-worker Deployment runs it: a heap cap, so V8 collects instead of growing.
      ...(entry.endsWith('worker.ts') ? { NODE_OPTIONS: `--max-old-space-size=${WORKER_HEAP_MB}` } : {}),
      ...vars,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const port = vars.PORT ?? vars.IMPORT_WORKER_PORT;
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true,
    `${name} ready`,
    60_000,
  );
  return child;
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

const bus = await Bus.connect({ url: env.natsUrl, name: 'import-bench', namespace: env.namespace });
await bus.ensureStreams();
const streamCount = async (stream: StreamName, subject: string) =>
  (await bus.manager.streams.info(bus.namespace.stream(stream), { subjects_filter: bus.namespace.subject(subject) })).state
    .messages;

try {
  await startProcess('membership', 'services/membership/src/main.ts', { PORT: String(await freePort()) });
  await startProcess('identity', 'services/identity/src/main.ts', { PORT: String(await freePort()) });

  // The import API in this process, with a test key; the workers are processes of their own.
  const signer = await testSigner();
  const importDb = await connectMongo({ url: env.mongoUrl, database: `${env.namespace}_zhtj_import` });
  const orgs = await startOrgProjection(bus, { connection: importDb, durable: 'import-orgs' });
  const deps = await composeImportApi(importDb, {
    orgs,
    verifyToken: createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys }),
    limits: { maxFileBytes: 64 * 1024 * 1024, maxExpandedBytes: 1024 * 1024 * 1024 },
  });
  const relay = startOutboxRelay({ bus, models: [deps.jobs] });
  const app = createHttpApp({
    logger: createLogger({ service: 'bench', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    metrics: createMetrics('bench'),
    readiness: [],
    bodyLimitBytes: 64 * 1024 * 1024,
  });
  app.route('/', createApp(deps));

  const branches = [0, 1, 2].map((i) => ({ id: newId(), name: `基准团支部${i}` }));
  for (const b of branches) {
    await bus.publish(
      createEvent(
        orgCreatedV1,
        { id: b.id, name: b.name, type: 'branch', parentId: null, ancestors: [], depth: 0, status: 'active', version: 1 },
        { source: 'bench' },
      ),
    );
  }
  await eventually(async () => (await Promise.all(branches.map((b) => orgs.get(b.id)))).every(Boolean), 'orgs projected');

  const file = (offset: number, count: number) => buildLargeWorkbook(count, (n) => memberRow(offset + n));
  const upload = async (branchId: string, body: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(body)]), 'bench.xlsx');
    const token = await signer.token([{ role: 'org_admin', orgId: branchId }], { name: '基准' });
    const res = await app.request(`/orgs/${branchId}/imports`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { jobId: string }).jobId;
  };

  /** Uploads the files at once and times each stage until every row has its account. */
  async function run(label: string, files: Array<{ branchId: string; body: Buffer }>, workers: ChildProcess[]) {
    const rows = files.length * (ROWS / files.length);
    const membersBefore = await streamCount('MEMBER', 'member.created');
    const accountsBefore = await streamCount('IDENTITY', 'identity.account_created');
    const started = performance.now();
    const jobIds = await Promise.all(files.map((f) => upload(f.branchId, f.body)));
    let jobsDone = 0;
    let membersDone = 0;
    let accountsDone = 0;
    await eventually(
      async () => {
        const jobs = await Promise.all(jobIds.map((id) => deps.jobs.findById(id).select('status processed').lean()));
        if (jobs.some((j) => j?.status === 'failed')) throw new Error('a job failed');
        if (!jobsDone && jobs.every((j) => j?.status === 'completed')) jobsDone = performance.now() - started;
        if (!membersDone && (await streamCount('MEMBER', 'member.created')) - membersBefore >= rows)
          membersDone = performance.now() - started;
        if (!accountsDone && (await streamCount('IDENTITY', 'identity.account_created')) - accountsBefore >= rows)
          accountsDone = performance.now() - started;
        // The last accounts may come before the job has written its failure workbook.
        return jobsDone > 0 && accountsDone > 0;
      },
      `${label}: accounts created`,
      30 * 60_000,
    );
    const rss = await Promise.all(workers.map((w) => peakRssMb(w.pid!)));
    const rate = (ms: number) => Math.round(rows / (ms / 1000));
    log(
      `${label}: jobs completed ${(jobsDone / 1000).toFixed(1)} s (${rate(jobsDone)} rows/s); members announced ${(membersDone / 1000).toFixed(1)} s; accounts created ${(accountsDone / 1000).toFixed(1)} s (${rate(accountsDone)} rows/s); worker peak RSS ${rss.join(' / ')} MB`,
    );
    return { label, rows, jobsDone, membersDone, accountsDone, rss };
  }

  // --- the floor ------------------------------------------------------------------------------
  const whole = await file(0, ROWS);
  log(`workbook: ${ROWS} rows, ${(whole.length / 1024 / 1024).toFixed(1)} MB`);
  let parsed = 0;
  const parseStart = performance.now();
  await visitWorkbook(Readable.from([whole]), { onRow: () => void (parsed += 1) });
  const parseMs = performance.now() - parseStart;
  log(
    `floor — exceljs streaming parse alone: ${(parseMs / 1000).toFixed(1)} s (${Math.round(parsed / (parseMs / 1000))} rows/s)`,
  );
  const floorDb = await connectMongo({ url: env.mongoUrl, database: `${env.namespace}_floor` });
  const docs = Array.from({ length: ROWS }, (_, n) => ({ _id: newId(), ...memberRow(n), branchId: branches[0]!.id, version: 1 }));
  const insertStart = performance.now();
  for (let i = 0; i < docs.length; i += 1000) await floorDb.collection('members').insertMany(docs.slice(i, i + 1000) as never[]);
  const insertMs = performance.now() - insertStart;
  log(
    `floor — bare insertMany, 1,000 per call: ${(insertMs / 1000).toFixed(1)} s (${Math.round(ROWS / (insertMs / 1000))} rows/s)`,
  );
  await floorDb.dropDatabase();
  await floorDb.close();

  // --- N workers (IMPORT_BENCH_WORKERS), N files of ROWS/N rows uploaded together ---------------
  // One run per process, so each starts from empty collections: run it once with 1 and once with
  // 2 (deleting 100,000 documents between runs takes FerretDB minutes).
  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i += 1) {
    workers.push(
      await startProcess(`import-worker ${i + 1}`, 'services/import/src/worker.ts', {
        IMPORT_WORKER_PORT: String(await freePort()),
      }),
    );
  }
  const files =
    WORKERS === 1
      ? [{ branchId: branches[0]!.id, body: whole }]
      : await Promise.all(
          Array.from({ length: WORKERS }, async (_, i) => ({
            branchId: branches[i % branches.length]!.id,
            body: await file(ROWS + i * (ROWS / WORKERS), ROWS / WORKERS),
          })),
        );
  const result = await run(
    `${WORKERS} worker${WORKERS > 1 ? 's' : ''}, ${WORKERS} file${WORKERS > 1 ? 's' : ''}`,
    files,
    workers,
  );

  const floorMs = parseMs + insertMs;
  console.log('\n| | seconds | rows/s | × floor |');
  console.log('|---|---|---|---|');
  console.log(
    `| floor: streaming parse + bare insertMany | ${(floorMs / 1000).toFixed(1)} | ${Math.round(ROWS / (floorMs / 1000))} | 1 |`,
  );
  for (const [stage, ms] of [
    ['jobs completed', result.jobsDone],
    ['accounts created', result.accountsDone],
  ] as const) {
    console.log(
      `| ${result.label}: ${stage} | ${(ms / 1000).toFixed(1)} | ${Math.round(result.rows / (ms / 1000))} | ${(ms / floorMs).toFixed(1)} |`,
    );
  }
  console.log(`\nworker peak RSS: ${result.rss.join(', ')} MB`);
  await relay.stop();
  await orgs.stop();
  await importDb.close();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await bus.drain();
  await removeNamespace(infra, env.namespace);
  await infra.stop();
}
