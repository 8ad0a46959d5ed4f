import type { CellValue } from 'exceljs';
import { memberBatchRow, type ErrorCode, type MemberInput } from '@zhtj/contracts';
import { cellText, readIdNumber, readPhone, readYearMonth } from '../rows/cell-values.js';
import type { TemplateColumn } from '../template/template-columns.js';

export interface RowInput {
  member: MemberInput;
  cadre?: { position?: string; since?: string; nature?: string };
}

export type AssembledRow =
  ({ ok: true } & RowInput) | { ok: false; code: ErrorCode; errors: Array<{ path: string; code: ErrorCode }> };

/** Full-width digits, letters and punctuation (１２３、Ｘ、－) read as their ASCII forms. */
const halfWidth = (text: string | null) => text?.normalize('NFKC') ?? null;

/** How each column's cell is read; the rest are plain text. */
const READERS: Record<string, (value: CellValue | undefined) => string | null> = {
  joinedAt: (v) => readYearMonth(typeof v === 'string' ? halfWidth(v) : v),
  since: (v) => readYearMonth(typeof v === 'string' ? halfWidth(v) : v),
  phone: (v) => halfWidth(readPhone(v)),
  developmentNumber: (v) => halfWidth(cellText(v))?.replace(/\s+/g, '') ?? null,
};

/**
 * One spreadsheet row as the member (and cadre position) membership is asked to create. Only
 * what reading the cells can tell is decided here — an ID number Excel rounded, a value longer
 * than any field holds; membership's own rules answer the rest, per field.
 */
export function assembleRow(columns: readonly TemplateColumn[], cells: readonly CellValue[]): AssembledRow {
  const values: Record<string, string | null> = {};
  const errors: Array<{ path: string; code: ErrorCode }> = [];
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (column.field === 'idNumber') {
      const id = readIdNumber(typeof cell === 'string' ? halfWidth(cell) : cell);
      if (!id.ok) errors.push({ path: 'idNumber', code: id.code });
      values.idNumber = id.ok ? id.value : null;
      return;
    }
    values[column.field] = (READERS[column.field] ?? cellText)(cell);
  });
  if (errors.length > 0) return { ok: false, code: errors[0]!.code, errors };

  // Required columns travel as '' when blank, for membership to answer REQUIRED per field.
  for (const column of columns) if (column.required) values[column.field] ??= '';
  const { position, since, nature, ...member } = values;
  const row: RowInput = { member: member as MemberInput };
  if (columns.some((c) => c.field === 'position')) row.cadre = { position: position!, since: since!, nature: nature! };

  // The batch command's own row schema decides what may be sent: a value longer than a field
  // holds fails this row, naming the column, instead of the whole batch.
  const fits = memberBatchRow.safeParse({ row: 0, ...row });
  if (!fits.success) {
    const tooLong = fits.error.issues.map((issue) => ({
      path: String(issue.path.at(-1)),
      code: (issue.code === 'too_big' ? 'TEXT_TOO_LONG' : 'VALIDATION_FAILED') as ErrorCode,
    }));
    return { ok: false, code: tooLong[0]!.code, errors: tooLong };
  }
  return { ok: true, ...row };
}
