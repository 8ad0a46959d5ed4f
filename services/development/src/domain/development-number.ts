/**
 * 发展团员编号: 12 digits, the first four the year the member joined, then a sequence of that
 * year. The system allocates the next number of the year to each member it recruits; a number is
 * never given twice nor given again after its member left (the sequence only moves forward), and
 * a number already held — entered by an import from the national system — is passed over.
 */
const SEQUENCE_DIGITS = 8;
export const MAX_SEQUENCE = 10 ** SEQUENCE_DIGITS - 1;

export function developmentNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year} is not four digits`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`sequence ${sequence} is outside 1…${MAX_SEQUENCE}`);
  }
  return `${year}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The year and sequence of a well-formed number, or null. */
export function parseDevelopmentNumber(value: string): { year: number; sequence: number } | null {
  if (!/^\d{12}$/.test(value)) return null;
  const sequence = Number(value.slice(4));
  return sequence === 0 ? null : { year: Number(value.slice(0, 4)), sequence };
}
