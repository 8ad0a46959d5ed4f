/**
 * Text that a spreadsheet would take for a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe, so that a workbook the system hands out never runs what
 * someone typed — an uploaded cell, an org's name. Everything else is returned as it is.
 */
export function neutralizeFormula<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
