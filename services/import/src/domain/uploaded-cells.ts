import { neutralizeFormula as neutralizeFormulaText } from '@zhtj/service-kit';
import type { CellValue } from 'exceljs';
import { cellText } from '../rows/cell-values.js';

/** A cell as uploaded, as the failure workbook gives it back: text, a number, a boolean or a date. */
export type UploadedCell = string | number | boolean | Date | null;

/**
 * What a row's cells held, kept for the failure workbook: rich text and links as their text, a
 * formula as its cached value (never the formula), numbers and dates as they were.
 */
export function uploadedCells(cells: readonly CellValue[], count: number): UploadedCell[] {
  return Array.from({ length: count }, (_, i) => {
    const value = cells[i];
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
      const result = (value as { result?: CellValue }).result;
      return result === undefined || (typeof result === 'object' && result !== null && !(result instanceof Date))
        ? cellText(result)
        : (result as UploadedCell);
    }
    return cellText(value);
  });
}

/** Formula text neutralised, as in every workbook the system hands out (service-kit). */
export const neutralizeFormula = (value: UploadedCell): UploadedCell => neutralizeFormulaText(value);
