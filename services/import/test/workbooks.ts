import ExcelJS from 'exceljs';
import { nthIdNumber } from '@zhtj/testkit';
import { templateColumns, type ImportKind } from '../src/template/template-columns.js';
import { versionMarker } from '../src/template/template-workbook.js';

const HAN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文';

/** The n-th valid member row (a distinct person, joined 2019 with a development number). */
export function memberRow(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `李${HAN[n % HAN.length]}${HAN[Math.floor(n / HAN.length) % HAN.length]}`,
    idNumber: nthIdNumber(n, { firstBirthday: '2000-01-01' }),
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2019-05',
    developmentNumber: `2019${String(n).padStart(8, '0')}`,
    educationFullTime: '高中',
    educationHighest: '大学本科',
    occupation: '学生',
    employer: '某某大学',
    phone: `138${String(n).padStart(8, '0')}`,
    position: '组织委员',
    since: '2022-09',
    nature: '兼职',
    ...overrides,
  };
}

export interface WorkbookOptions {
  kind?: ImportKind;
  /** Rows as field → cell value (see memberRow), or as raw cell arrays. */
  rows: ReadonlyArray<Record<string, unknown> | unknown[]>;
  /** Replaces the template's header row. */
  header?: string[];
  /** The hidden version marker; null leaves it out. */
  marker?: string | null;
  merges?: string[];
  sheetName?: string;
}

/** An upload as a person would make it from the template, written with exceljs. */
export async function buildWorkbook(options: WorkbookOptions): Promise<Buffer> {
  const kind = options.kind ?? 'members';
  const columns = templateColumns(kind);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? (kind === 'members' ? '团员信息' : '团干部信息'));
  sheet.addRow(options.header ?? columns.map((c) => c.header));
  for (const row of options.rows) {
    sheet.addRow(Array.isArray(row) ? row : columns.map((c) => row[c.field] ?? null));
  }
  for (const range of options.merges ?? []) sheet.mergeCells(range);
  const marker = options.marker === undefined ? versionMarker(kind) : options.marker;
  if (marker) workbook.addWorksheet('模板版本', { state: 'veryHidden' }).getCell('A1').value = marker;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Many rows, written with the streaming writer (as the benchmark does). */
export async function buildLargeWorkbook(count: number, row: (n: number) => Record<string, unknown>): Promise<Buffer> {
  const columns = templateColumns('members');
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const sheet = workbook.addWorksheet('团员信息');
  sheet.addRow(columns.map((c) => c.header)).commit();
  for (let n = 0; n < count; n += 1) {
    const values = row(n);
    sheet.addRow(columns.map((c) => values[c.field] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** The rows of a downloaded workbook's first sheet, as cell arrays (column A first). */
export async function readRows(body: ArrayBuffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
