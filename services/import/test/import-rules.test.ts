import { describe, expect, it } from 'vitest';
import { checkHeader, checkVersionMarker } from '../src/domain/header-check.js';
import { assembleRow } from '../src/domain/row-assembly.js';
import { neutralizeFormula, uploadedCells } from '../src/domain/uploaded-cells.js';
import { inspectZip, sniffFormat } from '../src/rows/zip-directory.js';
import { templateColumns } from '../src/template/template-columns.js';
import { reasonOf } from '../src/worker/run-import-job.js';
import { buildWorkbook, memberRow } from './workbooks.js';

const members = templateColumns('members');
const cadres = templateColumns('cadres');
const headers = (kind: 'members' | 'cadres') => templateColumns(kind).map((c) => c.header);
const cells = (row: Record<string, unknown>, columns = members) => columns.map((c) => row[c.field] ?? null) as never[];

describe('the header row', () => {
  it('is the template’s, with a failure workbook’s reason column and trailing blanks allowed', () => {
    expect(checkHeader('members', headers('members'))).toBeNull();
    expect(checkHeader('members', [...headers('members'), '失败原因', null, ''])).toBeNull();
    expect(checkHeader('cadres', headers('cadres'))).toBeNull();
  });

  it('names what is missing, extra or out of order', () => {
    const h = headers('members');
    expect(
      checkHeader(
        'members',
        h.filter((x) => x !== '民族' && x !== '职业'),
      )?.params?.columns,
    ).toBe('缺少“民族”“职业”');
    expect(checkHeader('members', [...h, '备注'])?.params?.columns).toBe('多出“备注”');
    const swapped = [h[0]!, h[2]!, h[1]!, ...h.slice(3)];
    expect(checkHeader('members', swapped)).toEqual({
      code: 'IMPORT_HEADER_MISMATCH',
      params: { columns: '第2列应为“身份证号码”' },
    });
  });

  it('tells the two templates apart', () => {
    expect(checkHeader('members', headers('cadres'))).toMatchObject({
      code: 'IMPORT_TEMPLATE_MIXED',
      params: { actual: '团干部' },
    });
    expect(checkHeader('cadres', headers('members'))).toMatchObject({
      code: 'IMPORT_TEMPLATE_MIXED',
      params: { actual: '团员' },
    });
    expect(checkVersionMarker('members', 'zhtj-import:cadres:v1')?.code).toBe('IMPORT_TEMPLATE_MIXED');
    expect(checkVersionMarker('members', 'zhtj-import:members:v0')?.code).toBe('IMPORT_TEMPLATE_OUTDATED');
    expect(checkVersionMarker('members', 'zhtj-import:members:v1')).toBeNull();
    expect(checkVersionMarker('members', null)).toBeNull();
  });
});

describe('a row as membership is asked to create it', () => {
  it('reads the cells into the member and, for cadres, the position', () => {
    const row = memberRow(1, { joinedAt: '2019年5月', phone: 13800001111 });
    const assembled = assembleRow(cadres, cells(row, cadres));
    expect(assembled).toMatchObject({
      ok: true,
      member: { name: row.name, idNumber: row.idNumber, joinedAt: '2019-05', phone: '13800001111' },
      cadre: { position: '组织委员', since: '2022-09', nature: '兼职' },
    });
  });

  it('sends blank required cells as empty text, for membership to name them', () => {
    const assembled = assembleRow(members, cells(memberRow(1, { name: null, ethnicity: '  ', employer: null })));
    expect(assembled).toMatchObject({ ok: true, member: { name: '', ethnicity: '', employer: null } });
  });

  it('refuses what only reading the cell can tell: a rounded ID number, a value too long for its field', () => {
    expect(assembleRow(members, cells(memberRow(1, { idNumber: Number('110105200001011234') })))).toMatchObject({
      ok: false,
      code: 'ID_NUMBER_PRECISION_LOST',
    });
    expect(assembleRow(members, cells(memberRow(1, { employer: '某'.repeat(101) })))).toMatchObject({
      ok: false,
      errors: [{ path: 'employer', code: 'TEXT_TOO_LONG' }],
    });
  });

  it('fails a row the batch command would refuse, naming every field too long for it — the ID number’s too', () => {
    const everything = Object.fromEntries(
      cadres.map((c) => [c.field, c.field === 'idNumber' ? '1'.repeat(40) : '某'.repeat(120)]),
    );
    const assembled = assembleRow(cadres, cells(everything, cadres));
    expect(assembled.ok).toBe(false);
    const failed = assembled.ok ? [] : assembled.errors;
    expect(failed.every((e) => e.code === 'TEXT_TOO_LONG')).toBe(true);
    expect(failed.map((e) => e.path).sort()).toEqual(cadres.map((c) => c.field).sort());
  });

  it('reads full-width digits and X in codes as their ASCII forms', () => {
    const row = memberRow(1);
    const wide = (text: string) => text.replace(/[0-9X-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const assembled = assembleRow(
      members,
      cells({ ...row, idNumber: wide(row.idNumber as string), phone: wide(row.phone as string), joinedAt: wide('2019-05') }),
    );
    expect(assembled).toMatchObject({ ok: true, member: { idNumber: row.idNumber, phone: row.phone, joinedAt: '2019-05' } });
  });

  it('explains a failure column by column', () => {
    expect(reasonOf(members, { code: 'VALIDATION_FAILED', errors: [{ path: 'phone', code: 'PHONE_INVALID' }] })).toBe(
      '手机号码：手机号码应为11位数字',
    );
    expect(reasonOf(members, { code: 'DUPLICATE_IN_FILE', detail: '与第 3 行重复' })).toContain('（与第 3 行重复）');
  });
});

describe('cells given back in the failure workbook', () => {
  it('are what was uploaded, formulas as their values', () => {
    const date = new Date(Date.UTC(2019, 4, 1));
    expect(
      uploadedCells(
        [{ richText: [{ text: '李' }, { text: '华' }] }, { formula: '1+1', result: 2 }, date, 13800001111] as never[],
        5,
      ),
    ).toEqual(['李华', 2, date, 13800001111, null]);
  });

  it('never run as formulas when opened', () => {
    for (const dangerous of ['=1+2', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralizeFormula(dangerous)).toBe(`'${dangerous}`);
    expect(neutralizeFormula('李华')).toBe('李华');
    expect(neutralizeFormula(-1)).toBe(-1);
  });
});

describe('the zip directory', () => {
  const reader = (file: Buffer) => async (start: number, end: number) => file.subarray(start, end);

  it('accepts a workbook and tells its expanded size', async () => {
    const file = await buildWorkbook({ rows: [memberRow(1)] });
    const verdict = await inspectZip(file.length, reader(file), 100 * 1024 * 1024);
    expect(verdict.ok).toBe(true);
    expect(sniffFormat(file)).toBe('zip');
  });

  it('refuses a zip that is not a workbook, one that expands too far, and what is not a zip', async () => {
    const file = Buffer.from(await buildWorkbook({ rows: [memberRow(1)] }));
    expect(await inspectZip(file.length, reader(file), 1000)).toMatchObject({ ok: false, code: 'IMPORT_FILE_SUSPICIOUS' });
    const renamed = Buffer.from(file);
    renamed.write('xl/workbook.xmz', renamed.lastIndexOf('xl/workbook.xml'));
    expect(await inspectZip(renamed.length, reader(renamed), 100 * 1024 * 1024)).toMatchObject({
      ok: false,
      code: 'IMPORT_NOT_XLSX',
    });
    const text = Buffer.from('not a zip at all, just text that is long enough');
    expect(await inspectZip(text.length, reader(text), 1000)).toMatchObject({ ok: false, code: 'IMPORT_NOT_XLSX' });
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls');
    expect(sniffFormat(text)).toBe('other');
  });
});
