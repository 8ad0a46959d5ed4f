import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importAcceptedView, newId } from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import { templateColumns } from '../src/template/template-columns.js';
import { startImportHarness, type ImportHarness, type TestOrg } from './harness.js';
import { maskIdNumber, maskPhone } from '@zhtj/id-number';
import { buildLargeWorkbook, buildWorkbook, memberRow, readRows } from './workbooks.js';

// Imports wait on workers: a loaded machine makes them slower, never wrong. The waits are conditions
// (the job finished); these bounds only stop a hang.
vi.setConfig({ testTimeout: 180_000 });

let h: ImportHarness;
const committee: TestOrg = { id: newId(), name: '某某团委', type: 'committee', ancestors: [] };
const general: TestOrg = { id: newId(), name: '某某团总支', type: 'general_branch', ancestors: [committee.id] };
const branch: TestOrg = { id: newId(), name: '第一团支部', type: 'branch', ancestors: [committee.id, general.id] };
const other: TestOrg = { id: newId(), name: '第二团支部', type: 'branch', ancestors: [committee.id, general.id] };

beforeAll(async () => {
  h = await startImportHarness({ maxFileBytes: 2 * 1024 * 1024, maxRows: 20_000 });
  await h.publishOrgs([committee, general, branch, other]);
  await h.startWorker();
}, 60_000);
afterAll(async () => h?.stop());

let next = 0;
/** Distinct people for each test, so tests do not collide on ID numbers. */
const people = (count: number, overrides: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: count }, (_, i) => memberRow(next++, overrides(i)));

async function importInto(target: string, file: Buffer, query: { kind?: string; branchId?: string } = {}) {
  const res = await h.upload(target, target, file, query);
  expect(res.status, await res.clone().text()).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  return h.finished(target, jobId, 150_000);
}

async function failureRows(jobId: string) {
  const res = await h.get(branch.id, `/imports/${jobId}/failures.xlsx`);
  expect(res.status).toBe(200);
  return readRows(await res.arrayBuffer());
}

describe('importing members from the template', () => {
  it('imports the valid rows, reports the bad ones with reasons, and takes the fixed failure workbook back', async () => {
    const rows = people(50);
    rows[4] = { ...rows[4], idNumber: '110105200001011235' }; // wrong check digit
    rows[17] = { ...rows[17], joinedAt: '2099-01' };
    rows[33] = { ...rows[33], phone: '=1+2', ethnicity: '火星族' };
    const job = await importInto(branch.id, await buildWorkbook({ rows }));
    expect(job).toMatchObject({ status: 'completed', total: 50, processed: 50, succeeded: 47, failed: 3 });
    expect(job.summary).toBe('成功导入 47 位团员，3 位团员导入失败');
    expect(await h.membershipStored.members.countDocuments({ branchId: branch.id })).toBeGreaterThanOrEqual(47);

    const failures = await failureRows(job.id);
    expect(failures[0]).toEqual([...Object.values(headerOf()), '失败原因']);
    expect(failures).toHaveLength(4);
    expect(failures[1]![1]).toBe('110105200001011235');
    expect(failures[1]![11]).toContain('身份证号码');
    expect(failures[2]![11]).toContain('入团年月');
    // What was uploaded comes back as it was, but never as a formula.
    expect(failures[3]![10]).toBe(`'=1+2`);
    expect(failures[3]![11]).toMatch(/民族.*手机号码|手机号码.*民族/);

    // Fixed in the failure workbook itself (its reason column stays) and uploaded again.
    const fixed = failures.slice(1).map((cells, i) => {
      const person = memberRow(900_000 + i);
      return [...cells.slice(0, 11).map((c, col) => (col === 1 && i === 0 ? person.idNumber : c)), cells[11]];
    });
    fixed[1]![4] = '2019-05';
    fixed[2]![2] = '汉族';
    fixed[2]![10] = '13900000000';
    const again = await importInto(branch.id, await buildWorkbook({ rows: fixed, header: [...headerOf(), '失败原因'] }));
    expect(again).toMatchObject({ status: 'completed', succeeded: 3, failed: 0 });
    expect(again.summary).toBe('成功导入 3 位团员，0 位团员导入失败');
  });

  it('reads cells as people typed them: rich text, links, formulas, numbers, Excel dates, full-width digits, minority names', async () => {
    const [a, b, c, d] = people(4);
    const rows = [
      {
        ...a,
        name: { richText: [{ text: '阿卜杜拉', font: { bold: true } }, { text: '·艾买提' }] },
        joinedAt: new Date(Date.UTC(2019, 4, 1)),
      },
      { ...b, name: { text: '王芳', hyperlink: 'mailto:x@example.com' }, phone: 13812345678, joinedAt: '2019年5月' },
      {
        ...c,
        name: { formula: 'CONCATENATE("张","三")', result: '张三' },
        joinedAt: 201905,
        idNumber: toFullWidth(c!.idNumber as string),
      },
      { ...d, name: '🙂李四', joinedAt: '2019.05' },
    ];
    const job = await importInto(branch.id, await buildWorkbook({ rows }));
    expect(job).toMatchObject({ succeeded: 3, failed: 1 });
    const failures = await failureRows(job.id);
    expect(failures[1]![0]).toBe('🙂李四');
    expect(failures[1]![11]).toContain('姓名');
    const names = await h.membershipStored.members
      .find({ idNumber: { $in: [a!.idNumber, b!.idNumber, c!.idNumber] as string[] } })
      .select('name joinedAt')
      .lean();
    expect(names.map((m) => m.name).sort()).toEqual(['张三', '王芳', '阿卜杜拉·艾买提'].sort());
    expect(new Set(names.map((m) => m.joinedAt))).toEqual(new Set(['2019-05']));
  });

  it('names each rule that failed: precision lost, required, ages, development numbers, duplicates, people already there', async () => {
    const rows = people(9);
    const existing = memberRow(900_000); // imported by the first test
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...rows[0], idNumber: 110105200001010000 }, 'ID_NUMBER_PRECISION_LOST'],
      [{ ...rows[1], idNumber: '1.10105E+17' }, 'ID_NUMBER_PRECISION_LOST'],
      [{ ...rows[2], name: null }, 'REQUIRED'],
      [{ ...rows[3], joinedAt: '2010-05' }, 'JOINED_TOO_YOUNG'],
      [{ ...rows[4], developmentNumber: null }, 'DEVELOPMENT_NUMBER_REQUIRED'],
      [{ ...rows[5], developmentNumber: '2015' + '12345678' }, 'DEVELOPMENT_NUMBER_INVALID'],
      [{ ...rows[6] }, 'ok'],
      [{ ...rows[7], idNumber: rows[6]!.idNumber }, 'DUPLICATE_IN_FILE'],
      [{ ...existing }, 'MEMBER_ALREADY_EXISTS'],
    ];
    const job = await importInto(branch.id, await buildWorkbook({ rows: cases.map(([r]) => r) }));
    expect(job).toMatchObject({ succeeded: 1, failed: 8 });
    const stored = await h.stored.failures.find({ jobId: job.id }).sort({ row: 1 }).lean();
    expect(stored.map((f) => f.code)).toEqual(cases.filter(([, code]) => code !== 'ok').map(([, code]) => code));
    expect(stored.find((f) => f.code === 'DUPLICATE_IN_FILE')!.reason).toContain('第 8 行');
    expect(stored[0]!.reason).toContain('文本');
  });

  it('gives the failure workbook as uploaded only to those who manage the branch; masked to the admins above', async () => {
    const rows = people(2);
    rows[1] = { ...rows[1], politicalStatus: '群众' };
    const job = await importInto(branch.id, await buildWorkbook({ rows }));
    const url = `/imports/${job.id}/failures.xlsx`;
    const full = await readRows(await (await h.get(general.id, url)).arrayBuffer());
    expect(full[1]!.slice(0, 2)).toEqual([rows[1]!.name, rows[1]!.idNumber]);
    expect(full[1]![10]).toBe(rows[1]!.phone);

    // The committee above the general branch sees the branch but does not manage it.
    const res = await h.get(committee.id, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('（脱敏）'));
    const masked = await readRows(await res.arrayBuffer());
    expect(masked[1]![0]).toBe(rows[1]!.name);
    expect(masked[1]![1]).toBe(maskIdNumber(String(rows[1]!.idNumber)));
    expect(masked[1]![10]).toBe(maskPhone(String(rows[1]!.phone)));
    expect(masked[1]![11]).toBe(full[1]![11]);
    expect(JSON.stringify(masked)).not.toContain(String(rows[1]!.idNumber));
    // Nobody outside sees it at all.
    expect((await h.get(other.id, url)).status).toBe(404);
  });

  it('fails a row with every column over-long on its own — the rest of the file goes in', async () => {
    const rows = people(3);
    // Longer than any field holds (the ID number's column was not checked at all before).
    const tooLong = Object.fromEntries(
      Object.entries(rows[1]!).map(([field]) => [field, field === 'idNumber' ? '1'.repeat(40) : '某'.repeat(120)]),
    );
    const job = await importInto(branch.id, await buildWorkbook({ rows: [rows[0]!, tooLong, rows[2]!] }));
    expect(job).toMatchObject({ status: 'completed', succeeded: 2, failed: 1 });
    const stored = await h.stored.failures.find({ jobId: job.id }).sort({ row: 1 }).lean();
    expect(stored.map((f) => f.code)).toEqual(['TEXT_TOO_LONG']);
    // Every column is named in the reason.
    for (const label of ['姓名', '身份证号码', '民族', '政治面貌', '入团年月', '学习工作单位', '手机号码']) {
      expect(stored[0]!.reason).toContain(label);
    }
  });

  it('imports 10,000 rows with 2% bad ones, counting exactly', async () => {
    const start = next;
    next += 10_000;
    const file = await buildLargeWorkbook(10_000, (i) => memberRow(start + i, i % 50 === 7 ? { politicalStatus: '群众' } : {}));
    const job = await importInto(branch.id, file);
    expect(job).toMatchObject({ status: 'completed', total: 10_000, processed: 10_000, succeeded: 9_800, failed: 200 });
    expect(await h.stored.failures.countDocuments({ jobId: job.id })).toBe(200);
  }, 300_000);
});

describe('files refused as a whole, changing nothing', () => {
  const refusedJob = async (file: Buffer, query: { kind?: string } = {}) => {
    const before = await h.membershipStored.members.countDocuments({});
    const job = await importInto(branch.id, file, query);
    expect(job.status).toBe('failed');
    expect(job.processed).toBe(0);
    expect(await h.membershipStored.members.countDocuments({})).toBe(before);
    return job.error as { code: string; message: string };
  };

  it('a header that is not the template’s, naming the columns', async () => {
    const header = headerOf().filter((col) => col !== '民族');
    const error = await refusedJob(await buildWorkbook({ rows: people(2), header }));
    expect(error.code).toBe('IMPORT_HEADER_MISMATCH');
    expect(error.message).toContain('缺少“民族”');
  });

  it('a cadre file uploaded as members, and the reverse', async () => {
    const cadres = await buildWorkbook({ kind: 'cadres', rows: people(2) });
    expect((await refusedJob(cadres)).message).toContain('团员导入模板与团干部导入模板不能混用');
    const members = await buildWorkbook({ rows: people(2) });
    expect((await refusedJob(members, { kind: 'cadres' })).code).toBe('IMPORT_TEMPLATE_MIXED');
  });

  it('an older template version, an empty sheet, a header alone, merged cells, too many rows, a broken zip', async () => {
    expect((await refusedJob(await buildWorkbook({ rows: people(1), marker: 'zhtj-import:members:v0' }))).code).toBe(
      'IMPORT_TEMPLATE_OUTDATED',
    );
    expect((await refusedJob(await buildWorkbook({ rows: [], header: [] }))).code).toBe('IMPORT_EMPTY');
    expect((await refusedJob(await buildWorkbook({ rows: [] }))).code).toBe('IMPORT_EMPTY');
    const merged = await refusedJob(await buildWorkbook({ rows: people(3), merges: ['C2:C4'] }));
    expect(merged).toMatchObject({ code: 'IMPORT_MERGED_CELLS' });
    expect(merged.message).toContain('C2:C4');
    const start = next;
    next += 20_001;
    expect(
      (await refusedJob(await buildLargeWorkbook(20_001, (i) => ({ name: `李${i}`, idNumber: String(start + i) })))).code,
    ).toBe('IMPORT_TOO_MANY_ROWS');
    const valid = await buildWorkbook({ rows: people(1) });
    const broken = Buffer.concat([valid.subarray(0, 200), Buffer.alloc(200), valid.subarray(400)]);
    expect((await refusedJob(broken)).code).toBe('IMPORT_NOT_XLSX');
  }, 300_000);
});

describe('uploads refused at once', () => {
  const problem = async (res: Response, status: number, code: string) => {
    expect(res.status, await res.clone().text()).toBe(status);
    expect((await jsonBody(res)).code).toBe(code);
  };

  it('not an xlsx: a renamed text file, an old .xls, no file at all', async () => {
    await problem(
      await h.upload(branch.id, branch.id, Buffer.from('姓名,身份证号码\n李华,110105200503120215\n')),
      415,
      'IMPORT_NOT_XLSX',
    );
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4000)]);
    const res = await h.upload(branch.id, branch.id, xls);
    await problem(res.clone(), 415, 'IMPORT_XLS_NOT_SUPPORTED');
    expect((await jsonBody(res)).detail).toContain('另存为');
    await problem(await h.upload(branch.id, branch.id, null), 400, 'IMPORT_FILE_REQUIRED');
  });

  it('a file over the size limit, and a zip that expands far beyond it', async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(3 * 1024 * 1024)]);
    await problem(await h.upload(branch.id, branch.id, big), 413, 'IMPORT_FILE_TOO_LARGE');
    await problem(await h.upload(branch.id, branch.id, await zipBomb()), 422, 'IMPORT_FILE_SUSPICIOUS');
    expect(await h.stores.uploads.size('nothing')).toBeNull();
  });

  it('outside the caller’s authority, or not into a branch', async () => {
    const file = await buildWorkbook({ rows: people(1) });
    await problem(await h.upload(other.id, branch.id, file), 403, 'FORBIDDEN_ORG_SCOPE');
    await problem(await h.upload(committee.id, branch.id, file), 403, 'FORBIDDEN_ORG_SCOPE');
    await problem(await h.upload(general.id, general.id, file), 422, 'IMPORT_BRANCH_REQUIRED');
    await problem(await h.upload(general.id, general.id, file, { branchId: committee.id }), 422, 'IMPORT_BRANCH_REQUIRED');
    await problem(await h.upload(general.id, general.id, file, { kind: 'everything' }), 400, 'VALIDATION_FAILED');
    const res = await h.app.request(`/orgs/${branch.id}/imports?branchId[$gt]=`, {
      method: 'POST',
      headers: { authorization: await h.authorization(branch.id) },
      body: new FormData(),
    });
    expect(res.status).toBe(400);
    const anonymous = await h.app.request(`/orgs/${branch.id}/imports`, { method: 'POST', body: new FormData() });
    await problem(anonymous, 401, 'UNAUTHENTICATED');
    expect(await h.stored.jobs.countDocuments({})).toBeGreaterThan(0); // the jobs of the tests above, none of these
  });

  it('a general branch admin imports into one of its branches; jobs are listed and private', async () => {
    const res = await h.upload(general.id, general.id, await buildWorkbook({ rows: people(2) }), { branchId: other.id });
    expect(res.status).toBe(202);
    const { jobId } = importAcceptedView.parse(await res.json());
    expect((await h.finished(general.id, jobId)).succeeded).toBe(2);
    const list = (await jsonBody(await h.get(general.id, `/orgs/${general.id}/imports?limit=5`))) as {
      items: Array<{ id: string }>;
    };
    expect(list.items[0]!.id).toBe(jobId);
    expect((await h.get(branch.id, `/imports/${jobId}`)).status).toBe(404);
    expect((await h.get(committee.id, `/imports/${jobId}`)).status).toBe(200);
  });
});

describe('cadres', () => {
  it('imports a branch’s cadres with their positions', async () => {
    const rows = people(3, (i) => (i === 2 ? { position: '队长' } : {}));
    const job = await importInto(branch.id, await buildWorkbook({ kind: 'cadres', rows }), { kind: 'cadres' });
    expect(job).toMatchObject({ succeeded: 2, failed: 1, summary: '成功导入 2 位团干部，1 位团干部导入失败' });
    expect(
      await h.membershipStored.cadres.countDocuments({
        orgId: branch.id,
        idNumber: { $in: rows.map((r) => r.idNumber as string) },
      }),
    ).toBe(2);
  });
});

const headerOf = () => templateColumns('members').map((c) => c.header);

function toFullWidth(text: string): string {
  return text.replace(/[0-9X]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

/** A valid xlsx whose directory declares a part of 3 GB. */
async function zipBomb(): Promise<Buffer> {
  const file = Buffer.from(await buildWorkbook({ rows: people(1) }));
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const offset = file.readUInt32LE(end + 16);
  file.writeUInt32LE(3_000_000_000, offset + 24);
  return file;
}

void ExcelJS;
