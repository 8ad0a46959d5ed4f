/**
 * Mainland China resident identity numbers, GB 11643-1999: 6-digit region code, 8-digit birth
 * date (YYYYMMDD), 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check
 * character (0–9 or X).
 */

export type IdNumberProblem =
  /** Nothing, or not a string. */
  | 'EMPTY'
  /** A 15-digit first-generation number: no longer accepted, the person must use the 18-digit one. */
  | 'LEGACY_15_DIGITS'
  /** Not 17 digits followed by a digit or X. */
  | 'FORMAT'
  /** The first two digits are not a province-level region. */
  | 'REGION'
  /** Not a real calendar date, before 1900, or in the future. */
  | 'BIRTH_DATE'
  /** The check character does not match the first 17 digits. */
  | 'CHECKSUM';

export interface ResidentIdNumber {
  /** Normalised: trimmed, `x` written as `X`. */
  value: string;
  regionCode: string;
  /** `YYYY-MM-DD` */
  birthDate: string;
  gender: 'male' | 'female';
}

export type IdNumberResult = { ok: true; id: ResidentIdNumber } | { ok: false; problem: IdNumberProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/**
 * Province-level codes (GB/T 2260) that may begin a resident ID number: the 31 provinces,
 * autonomous regions and municipalities, 71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence
 * permits of Taiwan residents.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]); // prettier-ignore

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('checkCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/**
 * Validates and reads an ID number. `today` decides what "in the future" means (tests pass it).
 *
 * @example
 * const result = parseIdNumber('11010519491231002x');
 * if (result.ok) result.id.birthDate; // '1949-12-31'
 */
export function parseIdNumber(input: unknown, options: { today?: Date } = {}): IdNumberResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, problem: 'EMPTY' };
  const value = input.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) return { ok: false, problem: 'LEGACY_15_DIGITS' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'FORMAT' };
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return { ok: false, problem: 'REGION' };
  const birthDate = readBirthDate(value.slice(6, 14), options.today ?? new Date());
  if (!birthDate) return { ok: false, problem: 'BIRTH_DATE' };
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'CHECKSUM' };
  return {
    ok: true,
    id: { value, regionCode: value.slice(0, 6), birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' },
  };
}

/** True when the number is a valid 18-character resident ID number. */
export function isValidIdNumber(input: unknown, options: { today?: Date } = {}): boolean {
  return parseIdNumber(input, options).ok;
}

function readBirthDate(yyyymmdd: string, today: Date): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 April, 29 February of a common year
  // A birth date in China's calendar day: compare with today's date there (UTC+8).
  const todayInChina = new Date(today.getTime() + 8 * 3600_000);
  const todayUtc = Date.UTC(todayInChina.getUTCFullYear(), todayInChina.getUTCMonth(), todayInChina.getUTCDate());
  if (date.getTime() > todayUtc) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * The number as lists show it: region code, eight asterisks, last four (`110101********1234`).
 * Anything that is not 18 characters is masked whole but for its last four.
 */
export function maskIdNumber(value: string): string {
  const v = value.trim().toUpperCase();
  if (v.length === 18) return `${v.slice(0, 6)}********${v.slice(14)}`;
  return `${'*'.repeat(Math.max(0, v.length - 4))}${v.slice(-4)}`;
}

/**
 * A phone number as lists show it: a mobile keeps its first three and last four digits
 * (`138****5678`), anything else its last four.
 */
export function maskPhone(value: string): string {
  const v = value.trim();
  if (/^1\d{10}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(7)}`;
  return `${'*'.repeat(Math.max(0, v.length - 4))}${v.slice(-4)}`;
}

// Han characters, with the middle dot that separates the parts of many minority names
// (阿卜杜拉·艾买提); the dot may not lead, trail or double.
const HAN = '\\p{Script=Han}';
const NAME_FORM = new RegExp(`^${HAN}+(?:[·•・]${HAN}+)*$`, 'u');

/** A plausible Chinese or minority name as on an ID card: 2–20 Han characters, parts joined by "·". */
export function isPlausibleName(name: string): boolean {
  const letters = [...name.replace(/[·•・]/g, '')].length;
  return letters >= 2 && letters <= 20 && NAME_FORM.test(name);
}
