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
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { newId } from '@zhtj/contracts';
import { eventually, provisionInfrastructure } from '@zhtj/testkit';
import { buildLargeWorkbook, memberRow, visitWorkbook } from '@zhtj/import/testing';
import { peakRssMb, startImportRig } from './import-rig.js';
import { connectMongo } from '@zhtj/store';

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const WORKER_HEAP_MB = Number(process.env.IMPORT_WORKER_HEAP_MB ?? 256);
const WORKERS = Number(process.env.IMPORT_BENCH_WORKERS ?? 1);
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

const rig = await startImportRig(infra, { workerHeapMb: WORKER_HEAP_MB });
const { branches } = rig;

try {
  const file = (offset: number, count: number) => buildLargeWorkbook(count, (n) => memberRow(offset + n));

  /** Uploads the files at once and times each stage until every row has its account. */
  async function run(label: string, files: Array<{ branchId: string; body: Buffer }>, workers: ChildProcess[]) {
    const rows = files.length * (ROWS / files.length);
    const membersBefore = await rig.streamCount('MEMBER', 'member.created');
    const accountsBefore = await rig.streamCount('IDENTITY', 'identity.account_created');
    const started = performance.now();
    const jobIds = await Promise.all(files.map((f) => rig.upload(f.branchId, f.body)));
    let jobsDone = 0;
    let membersDone = 0;
    let accountsDone = 0;
    await eventually(
      async () => {
        const jobs = await Promise.all(jobIds.map((id) => rig.jobs.findById(id).select('status processed').lean()));
        if (jobs.some((j) => j?.status === 'failed')) throw new Error('a job failed');
        if (!jobsDone && jobs.every((j) => j?.status === 'completed')) jobsDone = performance.now() - started;
        if (!membersDone && (await rig.streamCount('MEMBER', 'member.created')) - membersBefore >= rows)
          membersDone = performance.now() - started;
        if (!accountsDone && (await rig.streamCount('IDENTITY', 'identity.account_created')) - accountsBefore >= rows)
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
  const floorDb = await connectMongo({ url: rig.mongoUrl, database: `${rig.namespace}_floor` });
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
    workers.push(await rig.startWorker(`import-worker ${i + 1}`));
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
} finally {
  await rig.stop();
  await infra.stop();
}
