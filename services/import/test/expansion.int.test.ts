import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '@zhtj/contracts';
import { startImportHarness, type ImportHarness, type TestOrg } from './harness.js';
import { buildLargeWorkbook, buildWorkbook, memberRow } from './workbooks.js';

// Imports wait on workers: a loaded machine makes them slower, never wrong. The waits are conditions
// (the job finished); these bounds only stop a hang.
vi.setConfig({ testTimeout: 180_000 });

/**
 * The worker's own zip-bomb guard: the upload's check trusts the sizes a zip's central directory
 * declares, so the worker counts what the parts really inflate to while reading. Here its budget
 * (IMPORT_MAX_EXPANDED_BYTES) is far below the API's, as if a file had lied about its sizes.
 */
let h: ImportHarness;
const branch: TestOrg = { id: newId(), name: '膨胀检查团支部', type: 'branch', ancestors: [] };

beforeAll(async () => {
  h = await startImportHarness({ maxExpandedBytes: 512 * 1024 });
  await h.publishOrgs([branch]);
  await h.startWorker();
}, 60_000);
afterAll(async () => h?.stop());

async function importFile(file: Buffer) {
  const res = await h.upload(branch.id, branch.id, file);
  expect(res.status, await res.clone().text()).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  return h.finished(branch.id, jobId, 150_000);
}

describe('a workbook that inflates beyond the worker’s budget', () => {
  it('is refused as a whole, IMPORT_FILE_SUSPICIOUS, creating nobody; one within it imports', async () => {
    const big = await importFile(await buildLargeWorkbook(3000, (n) => memberRow(n)));
    expect(big).toMatchObject({ status: 'failed', processed: 0, error: { code: 'IMPORT_FILE_SUSPICIOUS' } });
    expect(big.error.message).toBe('文件解压后过大（> 1 MB），疑似损坏，请重新保存后上传');
    expect(await h.membershipStored.members.countDocuments({ branchId: branch.id })).toBe(0);

    const small = await importFile(await buildWorkbook({ rows: [memberRow(5001), memberRow(5002)] }));
    expect(small).toMatchObject({ status: 'completed', succeeded: 2 });
  });
});
