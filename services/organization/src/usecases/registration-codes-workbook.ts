import ExcelJS from 'exceljs';
import type { Model } from 'mongoose';
import { isAdminOf } from '@zhtj/contracts';
import { AppError, neutralizeFormula, type Caller } from '@zhtj/service-kit';
import type { OrgDocument } from '../store/org.model.js';
import type { RegistrationCodeDocument } from '../store/registration-code.model.js';
import type { GeneratedCode } from './generate-registration-codes.js';

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

/**
 * GET /orgs/:id/registration-codes.xlsx: the state of every direct child's current code. Codes
 * are stored only as hashes, so a code shows as its last two characters; a lost code is replaced
 * by generating a new one.
 */
export async function currentCodesWorkbook(
  deps: { orgs: Model<OrgDocument>; codes: Model<RegistrationCodeDocument> },
  caller: Caller,
  parentId: string,
  now = new Date(),
): Promise<Buffer> {
  if (!(await deps.orgs.exists({ _id: parentId }))) throw new AppError('ORG_NOT_FOUND');
  if (!isAdminOf(caller.roles, parentId)) throw new AppError('FORBIDDEN_ORG_SCOPE');
  const children = await deps.orgs.find({ parentId, status: 'active' }).sort({ _id: 1 }).select('_id name').lean();
  const codes = await deps.codes.find({ _id: { $in: children.map((c) => c._id) } }).lean();
  const byOrg = new Map(codes.map((c) => [c._id, c]));
  const workbook = new ExcelJS.Workbook();
  sheetWith(workbook, [
    { header: '组织名称', key: 'orgName', width: 36 },
    { header: '管理员注册码', key: 'code', width: 20 },
    { header: '有效期至', key: 'expiresAt', width: 22 },
    { header: '状态', key: 'state', width: 14 },
  ]);
  const sheet = workbook.getWorksheet('管理员注册码')!;
  for (const child of children) {
    const code = byOrg.get(child._id);
    sheet.addRow({
      orgName: neutralizeFormula(child.name),
      code: code ? `********${code.last2}` : '',
      expiresAt: code ? formatTime(code.expiresAt) : '',
      state: !code ? '未生成' : code.usedAt ? '已使用' : code.expiresAt <= now ? '已过期' : '有效',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
