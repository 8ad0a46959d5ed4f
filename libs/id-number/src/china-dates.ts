/**
 * Ages and days on China's calendar (UTC+8), as `YYYY-MM-DD` strings: a birthday turns at midnight
 * in Beijing, wherever the server's clock is. The league's age rules (joining, age bands, 超龄离团
 * at 28) are all whole years from the ID number's birth date to such a day.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day in China at that instant. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole years from `birthDate` to the day `on` (both `YYYY-MM-DD`): a year older on the birthday. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The day a person born on `birthDate` turns `years` old. A 29 February birthday falls on 1 March
 * in a common year — the first day on which `ageOn` counts the new age.
 */
export function dayTurning(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}
