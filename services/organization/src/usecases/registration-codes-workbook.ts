import ExcelJS from 'exceljs';
import { neutralizeFormula } from '@zhtj/service-kit';
import type { GeneratedCode } from './generate-registration-codes.js';
import type { RegistrationCodeState, RegistrationCodeStateRow } from './registration-code-states.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const formatTime = (iso: string | Date) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function sheetWith(workbook: ExcelJS.Workbook, columns: Array<{ header: string; key: string; width: number }>) {
  const sheet = workbook.addWorksheet('管理员注册码', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * The workbook handed out after a batch generation: one row per child with its new code. The
 * codes are in this file only (the service keeps hashes), so it is the one chance to save them.
 */
export async function newCodesWorkbook(codes: readonly GeneratedCode[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = sheetWith(workbook, [
    { header: '组织名称', key: 'orgName', width: 36 },
    { header: '管理员注册码', key: 'code', width: 20 },
    { header: '有效期至', key: 'expiresAt', width: 22 },
  ]);
  // Codes are case-sensitive text: format the column as text so Excel never "corrects" them.
  sheet.getColumn('code').numFmt = '@';
  // Org names are typed by people: never a formula in the workbook handed out.
  for (const c of codes)
    sheet.addRow({ orgName: neutralizeFormula(c.orgName), code: c.code, expiresAt: formatTime(c.expiresAt) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const STATE_LABELS: Record<RegistrationCodeState, string> = { none: '未生成', active: '有效', used: '已使用', expired: '已过期' };

/**
 * GET /orgs/:id/registration-codes.xlsx: the state of every direct child's current code, as
 * `GET /orgs/:id/registration-codes` lists it.
 */
export async function currentCodesWorkbook(rows: readonly RegistrationCodeStateRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = sheetWith(workbook, [
    { header: '组织名称', key: 'orgName', width: 36 },
    { header: '管理员注册码', key: 'code', width: 20 },
    { header: '有效期至', key: 'expiresAt', width: 22 },
    { header: '状态', key: 'state', width: 14 },
  ]);
  for (const row of rows) {
    sheet.addRow({
      orgName: neutralizeFormula(row.orgName),
      code: row.code ?? '',
      expiresAt: row.expiresAt ? formatTime(row.expiresAt) : '',
      state: STATE_LABELS[row.state],
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
