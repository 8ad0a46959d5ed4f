import ExcelJS from 'exceljs';
import type { Model } from 'mongoose';
import type { ImportKind } from '@zhtj/contracts';
import { FAILURE_REASON_HEADER } from '../domain/header-check.js';
import { neutralizeFormula } from '../domain/uploaded-cells.js';
import { VERSION_SHEET } from '../rows/sheet-reader.js';
import type { FileStore } from '../store/file-store.js';
import type { ImportFailureDocument } from '../store/import-failure.model.js';
import { SHEET_NAMES, templateColumns } from '../template/template-columns.js';
import { versionMarker } from '../template/template-workbook.js';

/**
 * The failed rows of a job as they were uploaded, in file order, with a 失败原因 column: written
 * with exceljs's streaming writer straight into GridFS, one row in memory at a time. It keeps the
 * template's header, text columns and version marker, so once fixed it can be uploaded again.
 */
export async function writeFailureWorkbook(
  deps: { failures: Model<ImportFailureDocument>; reports: FileStore },
  job: { _id: string; kind: ImportKind; fileName: string },
  reportId: string,
): Promise<void> {
  const columns = templateColumns(job.kind);
  const target = deps.reports.create(reportId, `${job._id}-failures.xlsx`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: target.stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(SHEET_NAMES[job.kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...columns.map((c) => ({ header: c.header, key: c.field, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) })),
    { header: FAILURE_REASON_HEADER, key: 'reason', width: 48 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.getCell(columns.length + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  header.commit();

  const failures = deps.failures.find({ jobId: job._id }).sort({ row: 1 }).lean<ImportFailureDocument[]>().cursor();
  for await (const failure of failures) {
    const cells = columns.map((_, i) => neutralizeFormula(failure.cells[i] ?? null));
    const row = sheet.addRow([...cells, neutralizeFormula(failure.reason)]);
    row.getCell(columns.length + 1).font = { color: { argb: 'FFC00000' } };
    row.commit();
  }
  sheet.commit();
  const version = workbook.addWorksheet(VERSION_SHEET, { state: 'veryHidden' });
  version.addRow([versionMarker(job.kind)]).commit();
  version.commit();
  await workbook.commit();
  await target.written;
}
