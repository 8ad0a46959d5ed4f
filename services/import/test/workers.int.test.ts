import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { eventually } from '@zhtj/testkit';
import { startImportHarness, type ImportHarness, type TestOrg } from './harness.js';
import { buildLargeWorkbook, memberRow } from './workbooks.js';

let h: ImportHarness;
const branch: TestOrg = { id: newId(), name: '第一团支部', type: 'branch', ancestors: [] };

beforeAll(async () => {
  h = await startImportHarness({ batchSize: 200, ackWaitMs: 3000 });
  await h.publishOrgs([branch]);
}, 60_000);
afterAll(async () => h?.stop());

async function upload(file: Buffer): Promise<string> {
  const res = await h.upload(branch.id, branch.id, file);
  expect(res.status).toBe(202);
  return ((await res.json()) as { jobId: string }).jobId;
}

describe('import workers', () => {
  it('resume a job whose worker was killed mid-way, creating nobody twice', async () => {
    const worker = h.spawnWorker();
    const jobId = await upload(await buildLargeWorkbook(6000, (n) => memberRow(100_000 + n)));
    await eventually(
      async () => ((await h.stored.jobs.findById(jobId).lean())?.batchesDone ?? 0) >= 2,
      'the first worker under way',
      30_000,
    );
    worker.kill('SIGKILL');
    const atKill = (await h.stored.jobs.findById(jobId).lean())!;
    expect(atKill.status).toBe('running');
    expect(atKill.processed).toBeLessThan(6000);

    await h.startWorker();
    const job = await h.finished(branch.id, jobId, 90_000);
    expect(job).toMatchObject({ status: 'completed', total: 6000, processed: 6000, succeeded: 6000, failed: 0 });
    const stored = (await h.stored.jobs.findById(jobId).lean())!;
    expect(stored.attempt).toBe(2);
    const created = await h.membershipStored.members.find({ importJobId: jobId }).select('idNumber').lean();
    expect(created).toHaveLength(6000);
    expect(new Set(created.map((m) => m.idNumber)).size).toBe(6000);
  }, 150_000);

  it('share one queue: each job is taken by one worker, and both workers take some', async () => {
    await h.startWorker();
    const jobIds = await Promise.all(
      [0, 1, 2, 3].map(async (k) => upload(await buildLargeWorkbook(600, (n) => memberRow(200_000 + k * 1000 + n)))),
    );
    const views = await Promise.all(jobIds.map((id) => h.finished(branch.id, id, 90_000)));
    expect(
      await h.stored.failures
        .find({ jobId: { $in: jobIds } })
        .select('row code reason')
        .lean(),
    ).toEqual([]);
    for (const view of views) expect(view).toMatchObject({ status: 'completed', succeeded: 600, failed: 0 });
    const jobs = await h.stored.jobs.find({ _id: { $in: jobIds } }).lean();
    expect(jobs.every((j) => j.attempt === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.workerId)).size).toBe(2);
  }, 150_000);
});
