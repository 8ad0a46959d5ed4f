import type { CellValue } from 'exceljs';

/**
 * What a spreadsheet cell holds, as the text a person typed. Excel hands cells over as strings,
 * numbers, dates, rich text, hyperlinks or formulas; all of them are read as their text (or, for
 * a formula, its cached result), so "李华" in bold or as a link is still 李华.
 */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value)
    return (
      value.richText
        .map((r) => r.text)
        .join('')
        .trim() || null
    );
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result);
  if ('error' in value) return null;
  return null;
}

/** The cell under a formula, a hyperlink or rich text: what the reading rules below look at. */
function plain(value: CellValue | undefined): CellValue | undefined {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) return plain((value as { result?: CellValue }).result);
    if ('hyperlink' in value || 'richText' in value) return cellText(value);
  }
  return value;
}

export type IdCell = { ok: true; value: string | null } | { ok: false; code: 'ID_NUMBER_PRECISION_LOST' };

/**
 * An ID number cell. Typed as text it is exact. Typed as a number, Excel keeps 15 significant
 * digits: a 15-digit (legacy) number survives, an 18-digit one has lost its last digits (shown as
 * 1.10105E+17 or ending in 000) — the FAQ's "导入表格格式错误": the column must be text.
 */
export function readIdNumber(value: CellValue | undefined): IdCell {
  const cell = plain(value);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell > 0 && cell < 1e15) return { ok: true, value: String(cell) };
    return { ok: false, code: 'ID_NUMBER_PRECISION_LOST' };
  }
  const text = cellText(cell)?.replace(/\s+/g, '').toUpperCase() ?? null;
  if (text && /^\d(\.\d+)?E\+?\d+$/.test(text)) return { ok: false, code: 'ID_NUMBER_PRECISION_LOST' };
  return { ok: true, value: text };
}

const pad = (month: number) => String(month).padStart(2, '0');
const yearMonth = (year: number, month: number): string | null =>
  year >= 1000 && year <= 9999 && month >= 1 && month <= 12 ? `${year}-${pad(month)}` : null;

/** Excel's serial day number (1900 date system) as a UTC date. */
function fromExcelSerial(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/**
 * 入团年月 (or 任现职年月) as YYYY-MM, from what people type: 2015-05, 2015-5, 2015.05, 2015/5,
 * 201505, 2015年5月, or an Excel date. Anything else comes back as typed, for membership to refuse
 * with its code. A number like 2015.1 is ambiguous (October typed as 2015.10 becomes 2015.1) and
 * is not guessed.
 */
export function readYearMonth(value: CellValue | undefined): string | null {
  const cell = plain(value);
  if (cell instanceof Date) return yearMonth(cell.getUTCFullYear(), cell.getUTCMonth() + 1);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 100_001 && cell <= 999_912)
      return yearMonth(Math.floor(cell / 100), cell % 100) ?? String(cell);
    if (Number.isInteger(cell) && cell > 0 && cell < 100_000) {
      const date = fromExcelSerial(cell);
      return yearMonth(date.getUTCFullYear(), date.getUTCMonth() + 1) ?? String(cell);
    }
    // 2015.05 arrives as the number 2015.05; 2015.1 (from 2015.10 or 2015.1) is not guessed.
    const decimal = /^(\d{4})\.(\d{2})$/.exec(String(cell));
    if (decimal) return yearMonth(Number(decimal[1]), Number(decimal[2])) ?? String(cell);
    return String(cell);
  }
  const text = cellText(cell);
  if (!text) return null;
  const m =
    /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$/.exec(text) ??
    /^(\d{4})(\d{2})$/.exec(text) ??
    /^(\d{4})-(\d{2})-\d{2}(?:T.*)?$/.exec(text);
  return m ? (yearMonth(Number(m[1]), Number(m[2])) ?? text) : text;
}

/** A phone cell, as text or as a number (an 11-digit mobile number survives as a number). */
export function readPhone(value: CellValue | undefined): string | null {
  const cell = plain(value);
  if (typeof cell === 'number') return String(cell);
  return cellText(cell)?.replace(/[\s-]/g, '') || null;
}
