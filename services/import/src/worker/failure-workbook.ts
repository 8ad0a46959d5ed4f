import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { maskIdNumber, maskPhone } from '@zhtj/id-number';
import type { ImportKind } from '@zhtj/contracts';
import { FAILURE_REASON_HEADER } from '../domain/header-check.js';
import { neutralizeFormula } from '../domain/uploaded-cells.js';
import { VERSION_SHEET } from '../rows/sheet-reader.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportFailureRepository } from '../store/import-failure.repository.js';
import { SHEET_NAMES, templateColumns } from '../template/template-columns.js';
import { versionMarker } from '../template/template-workbook.js';

/**
 * The failed rows of a job as they were uploaded, in file order, with a 失败原因 column: written
 * with exceljs's streaming writer straight into GridFS, one row in memory at a time. It keeps the
 * template's header, text columns and version marker, so once fixed it can be uploaded again.
 */
export async function writeFailureWorkbook(
  deps: { failures: ImportFailureRepository; reports: FileStore },
  job: { _id: string; kind: ImportKind; fileName: string },
  reportId: string,
): Promise<void> {
  const target = deps.reports.create(reportId, `${job._id}-failures.xlsx`);
  await writeFailureRows(deps, job, target.stream, { masked: false });
  await target.written;
}

/** What a masked copy shows of a cell: ID numbers and phones as lists show them. */
const MASKS: Record<string, (text: string) => string> = { idNumber: maskIdNumber, phone: maskPhone };

/**
 * The failure workbook into a stream. Masked, its ID numbers and phones are shown as in lists —
 * the copy for admins who may see the branch but not manage it (it cannot be imported again,
 * and need not be: they cannot import into that branch).
 */
export async function writeFailureRows(
  deps: { failures: ImportFailureRepository },
  job: { _id: string; kind: ImportKind },
  stream: Writable,
  options: { masked: boolean },
): Promise<void> {
  const columns = templateColumns(job.kind);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(SHEET_NAMES[job.kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...columns.map((c) => ({ header: c.header, key: c.field, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) })),
    { header: FAILURE_REASON_HEADER, key: 'reason', width: 48 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.getCell(columns.length + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  header.commit();

  for await (const failure of deps.failures.inRowOrder(job._id)) {
    const cells = columns.map((column, i) => {
      const cell = neutralizeFormula(failure.cells[i] ?? null);
      const mask = options.masked ? MASKS[column.field] : undefined;
      return mask && cell !== null && cell !== '' ? mask(String(cell)) : cell;
    });
    const row = sheet.addRow([...cells, neutralizeFormula(failure.reason)]);
    row.getCell(columns.length + 1).font = { color: { argb: 'FFC00000' } };
    row.commit();
  }
  sheet.commit();
  const version = workbook.addWorksheet(VERSION_SHEET, { state: 'veryHidden' });
  version.addRow([versionMarker(job.kind)]).commit();
  version.commit();
  await workbook.commit();
}
