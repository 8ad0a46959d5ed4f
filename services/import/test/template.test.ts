import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ETHNICITIES } from '@zhtj/contracts';
import { parseIdNumber } from '@zhtj/id-number';
import { createHttpApp, createLogger, createMetrics } from '@zhtj/service-kit';
import { templateRoutes } from '../src/routes/template.routes.js';
import { versionMarker } from '../src/template/template-workbook.js';

const app = createHttpApp({
  logger: createLogger({ service: 'import', destination: new Writable({ write: (_c, _e, done) => done() }) }),
  metrics: createMetrics('import'),
  readiness: [],
  bodyLimitBytes: 64 * 1024,
});
app.route('/', templateRoutes());

async function download(kind?: string) {
  const res = await app.request(`/imports/template${kind ? `?kind=${kind}` : ''}`);
  const workbook = new ExcelJS.Workbook();
  if (res.status === 200) await workbook.xlsx.load(await res.arrayBuffer());
  return { res, workbook };
}
const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);

describe('the import templates', () => {
  it('have the member record’s columns, with ID number, phone and dates formatted as text', async () => {
    const { res, workbook } = await download('members');
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('团员导入模板.xlsx'));
    const sheet = workbook.getWorksheet('团员信息')!;
    expect(headers(sheet)).toEqual([
      '姓名',
      '身份证号码',
      '民族',
      '政治面貌',
      '入团年月',
      '发展团员编号',
      '全日制学历',
      '最高学历',
      '职业',
      '学习工作单位',
      '手机号码',
    ]);
    for (const column of ['B', 'E', 'F', 'K']) expect(sheet.getCell(`${column}2`).numFmt, column).toBe('@');
    expect(sheet.getCell('A2').numFmt).not.toBe('@');
  });

  it('offer dropdowns for the enumerated columns, the 56 ethnicities among them', async () => {
    const { workbook } = await download('members');
    const sheet = workbook.getWorksheet('团员信息')!;
    const ethnicity = sheet.getCell('C2').dataValidation;
    expect(ethnicity).toMatchObject({ type: 'list', showErrorMessage: true });
    const [range] = ethnicity.formulae as string[];
    const [, letter, last] = /!\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)$/.exec(range!)!;
    expect(Number(last)).toBe(56);
    const options = workbook.getWorksheet('选项')!;
    expect(Array.from({ length: 56 }, (_, i) => options.getCell(`${letter}${i + 1}`).value)).toEqual([...ETHNICITIES]);
    expect(options.state).toBe('veryHidden');
    expect(sheet.getCell('D2').dataValidation.type).toBe('list');
    expect(sheet.getCell('J2').dataValidation?.type).toBeUndefined();
  });

  it('for cadres add the position columns, and both carry their version and an example', async () => {
    const { workbook } = await download('cadres');
    const sheet = workbook.getWorksheet('团干部信息')!;
    expect(headers(sheet).slice(-3)).toEqual(['团内现任职务', '任现职年月', '团干部性质']);
    expect(sheet.getCell('M2').numFmt).toBe('@');
    expect(workbook.getWorksheet('模板版本')!.getCell('A1').value).toBe(versionMarker('cadres'));
    const help = workbook.getWorksheet('填写说明')!;
    const rows: unknown[][] = [];
    help.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const example = rows.at(-1)!;
    expect(example).toHaveLength(14);
    expect(parseIdNumber(example[1]).ok).toBe(true);
  });

  it('answer a kind that does not exist with 400', async () => {
    const { res } = await download('parents');
    expect(res.status).toBe(400);
  });
});
