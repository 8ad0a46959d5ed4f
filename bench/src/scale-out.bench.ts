// Scale-out of import workers: the same queue — SCALE_OUT_JOBS workbooks of SCALE_OUT_ROWS rows,
// uploaded at once — drained by one worker process, then by three, each run in a namespace of its
// own (fresh collections and streams), one after the other in this process. What is shown: how
// much sooner the queue is empty with three, and that no job was processed twice — every job
// completed on its first attempt by one worker, the work-queue consumer redelivered nothing,
// and exactly one member.created per row and one import.completed per job were announced.
// Exits 1 when a job was processed twice or went missing.
//
//   npm run bench:scale-out -w @zhtj/bench        (results: bench/results/scale-out.md)
import os from 'node:os';
import path from 'node:path';
import { importJobQueuedV1 } from '@zhtj/contracts';
import { eventually, provisionInfrastructure } from '@zhtj/testkit';
import { buildLargeWorkbook, IMPORT_WORKERS_DURABLE, memberRow } from '@zhtj/import/testing';
import { startImportRig } from './import-rig.js';
import { median } from './stats.js';

const JOBS = Number(process.env.SCALE_OUT_JOBS ?? 12);
const ROWS = Number(process.env.SCALE_OUT_ROWS ?? 2_000);
const WORKER_COUNTS = (process.env.SCALE_OUT_WORKERS ?? '1,3').split(',').map(Number);
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);
log(`queue: ${JOBS} jobs × ${ROWS} rows; workers: ${WORKER_COUNTS.join(' then ')}`);

const bodies = await Promise.all(
  Array.from({ length: JOBS }, (_, j) => buildLargeWorkbook(ROWS, (n) => memberRow(j * ROWS + n))),
);

interface RunResult {
  workers: number;
  seconds: number;
  jobsPerWorker: number[];
  secondAttempts: number;
  redelivered: number;
  membersAnnounced: number;
  jobsAnnounced: number;
}

async function drain(workers: number): Promise<RunResult> {
  const rig = await startImportRig(infra, { workerHeapMb: 256 });
  try {
    await Promise.all(Array.from({ length: workers }, (_, i) => rig.startWorker(`import-worker ${i + 1}`)));
    const started = performance.now();
    const jobIds = await Promise.all(bodies.map((body, j) => rig.upload(rig.branches[j % rig.branches.length]!.id, body)));
    await eventually(
      async () => {
        const jobs = await rig.jobs
          .find({ _id: { $in: jobIds } })
          .select('status')
          .lean();
        if (jobs.some((j) => j.status === 'failed')) throw new Error('a job failed');
        return jobs.length === JOBS && jobs.every((j) => j.status === 'completed');
      },
      `${workers} worker(s): queue drained`,
      30 * 60_000,
      200,
    );
    const seconds = (performance.now() - started) / 1000;

    const jobs = await rig.jobs
      .find({ _id: { $in: jobIds } })
      .select('attempt workerId succeeded')
      .lean();
    const byWorker = new Map<string, number>();
    for (const job of jobs) byWorker.set(job.workerId ?? '?', (byWorker.get(job.workerId ?? '?') ?? 0) + 1);
    const consumer = await rig.bus.manager.consumers.info(
      rig.bus.namespace.stream(importJobQueuedV1.stream),
      IMPORT_WORKERS_DURABLE,
    );
    // Announcements trail completion by a relay tick: wait until they are all in.
    let membersAnnounced = 0;
    let jobsAnnounced = 0;
    await eventually(
      async () => {
        membersAnnounced = await rig.streamCount('MEMBER', 'member.created');
        jobsAnnounced = await rig.streamCount('IMPORT', 'import.completed');
        return membersAnnounced >= JOBS * ROWS && jobsAnnounced >= JOBS;
      },
      'events announced',
      120_000,
    ).catch(() => undefined);
    const result: RunResult = {
      workers,
      seconds,
      jobsPerWorker: [...byWorker.values()].sort((a, b) => b - a),
      secondAttempts: jobs.filter((j) => j.attempt !== 1).length,
      redelivered: consumer.num_redelivered,
      membersAnnounced,
      jobsAnnounced,
    };
    if (jobs.some((j) => j.succeeded !== ROWS)) throw new Error('a job did not import every row');
    log(
      `${workers} worker(s): ${seconds.toFixed(1)} s (${Math.round((JOBS * ROWS) / seconds)} rows/s); jobs per worker ${result.jobsPerWorker.join('/')}; ` +
        `second attempts ${result.secondAttempts}; redelivered ${result.redelivered}; member.created ${membersAnnounced}; import.completed ${jobsAnnounced}`,
    );
    return result;
  } finally {
    await rig.stop();
  }
}

let violations = 0;
try {
  const results: RunResult[] = [];
  for (const workers of WORKER_COUNTS) results.push(await drain(workers));

  const first = results[0]!;
  console.log(`\n${JOBS} jobs × ${ROWS} rows, uploaded at once:\n`);
  console.log(
    '| workers | queue drained, s | rows/s | × one worker | jobs per worker | 2nd attempts | redelivered | member.created | import.completed |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.workers} | ${r.seconds.toFixed(1)} | ${Math.round((JOBS * ROWS) / r.seconds)} | ${(first.seconds / r.seconds).toFixed(2)} | ${r.jobsPerWorker.join(' / ')} | ${r.secondAttempts} | ${r.redelivered} | ${r.membersAnnounced} | ${r.jobsAnnounced} |`,
    );
    const twice = r.secondAttempts > 0 || r.redelivered > 0 || r.membersAnnounced !== JOBS * ROWS || r.jobsAnnounced !== JOBS;
    if (twice) violations += 1;
  }
  // With several runs per worker count (SCALE_OUT_WORKERS=1,3,3,1), the medians side by side.
  const counts = [...new Set(results.map((r) => r.workers))];
  if (counts.length < results.length) {
    const medianOf = (workers: number) => median(results.filter((r) => r.workers === workers).map((r) => r.seconds));
    console.log('\n| workers | runs | median queue drained, s | × one worker |');
    console.log('|---|---|---|---|');
    for (const workers of counts) {
      const runs = results.filter((r) => r.workers === workers).length;
      console.log(
        `| ${workers} | ${runs} | ${medianOf(workers).toFixed(1)} | ${(medianOf(counts[0]!) / medianOf(workers)).toFixed(2)} |`,
      );
    }
  }
  if (violations > 0) console.error(`\n${violations} run(s) processed a job twice or lost one`);
} finally {
  await infra.stop();
}
process.exit(violations > 0 ? 1 : 0);
