import { checkCharacter } from '@zhtj/id-number';

/** A valid 18-character ID number for a person born on `birth` (YYYYMMDD), told apart by `n` (0–999). */
export function idNumberFor(birth: string, n: number, region = '110105'): string {
  const first17 = `${region}${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/**
 * The n-th of many distinct valid ID numbers: a thousand per birthday, birthdays counting up
 * from `firstBirthday` — a million people span under three years.
 */
export function nthIdNumber(n: number, options: { firstBirthday?: string; region?: string } = {}): string {
  const start = Date.parse(`${options.firstBirthday ?? '1995-01-01'}T00:00:00Z`);
  const day = new Date(start + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return idNumberFor(day, n, options.region);
}
