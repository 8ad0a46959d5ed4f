import {
  CADRE_NATURES,
  CADRE_POSITIONS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  OCCUPATIONS,
  POLITICAL_STATUSES,
  normalizeText,
  textProblem,
  type ErrorCode,
  type MemberInput,
} from '@zhtj/contracts';
import { ageOn, isPlausibleName, parseIdNumber } from '@zhtj/id-number';

/** A bad field of a person: where, and the error code that explains it. */
export interface FieldIssue {
  path: string;
  code: ErrorCode;
}

/** A member's fields after validation: trimmed, canonical, with what the ID number tells. */
export interface ValidMember {
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  politicalStatus: string;
  joinedAt: string;
  developmentNumber: string | null;
  educationFullTime: string | null;
  educationHighest: string | null;
  occupation: string | null;
  employer: string | null;
  phone: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** The league's founding year: nobody joined before it. */
const FIRST_YEAR = 1922;

const blankToNull = (v: string | null | undefined): string | null => {
  const t = v == null ? undefined : normalizeText(v).trim();
  return t ? t : null;
};

/** YYYY-MM that is a real month, not before 1922 and not after the current month. */
export function isPastYearMonth(value: string, today: Date): boolean {
  const m = YEAR_MONTH.exec(value);
  if (!m) return false;
  const [year, month] = [Number(m[1]), Number(m[2])];
  const current = today.getUTCFullYear() * 12 + today.getUTCMonth();
  return year >= FIRST_YEAR && year * 12 + (month - 1) <= current;
}

/**
 * The joining-age rule: at least 13 when joining from 2017 on, 12 before. A month is all we
 * know of the date, so the person's age on the last day of that month counts.
 */
export function oldEnoughToJoin(birthDate: string, joinedAt: string): boolean {
  const [year, month] = joinedAt.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return ageOn(birthDate, lastDay) >= (year >= 2017 ? 13 : 12);
}

/**
 * 发展团员编号: required for joins from 2017 on; 12 digits whose first four are the joining year
 * (joins of 2017 and 2018 may carry either year, as numbering started across that change).
 */
export function developmentNumberIssue(number: string | null, joinedAt: string): ErrorCode | null {
  const year = Number(joinedAt.slice(0, 4));
  if (!number) return year >= 2017 ? 'DEVELOPMENT_NUMBER_REQUIRED' : null;
  if (!/^\d{12}$/.test(number)) return 'DEVELOPMENT_NUMBER_INVALID';
  if (year < 2017) return null;
  const prefix = Number(number.slice(0, 4));
  const allowed = year === 2017 || year === 2018 ? [2017, 2018] : [year];
  return allowed.includes(prefix) ? null : 'DEVELOPMENT_NUMBER_INVALID';
}

const oneOf = (list: readonly string[], value: string | null) => value === null || list.includes(value);

/** Checks and normalises a member's fields; every bad field is reported, not only the first. */
export function validateMember(input: MemberInput, today = new Date()): Checked<ValidMember> {
  const issues: FieldIssue[] = [];
  // The text policy, for rows that do not come through an HTTP body (import batches): a control
  // character in any cell fails that row, naming the column, and nothing else.
  for (const [path, value] of Object.entries(input)) {
    const problem = typeof value === 'string' ? textProblem(normalizeText(value)) : undefined;
    if (problem) issues.push({ path, code: problem });
  }
  if (issues.length > 0) return { ok: false, issues };
  const required = (path: keyof MemberInput): string => {
    const v = blankToNull(input[path] as string | null | undefined);
    if (v === null) issues.push({ path, code: 'REQUIRED' });
    return v ?? '';
  };
  const name = required('name');
  const idRaw = required('idNumber');
  const ethnicity = required('ethnicity');
  const politicalStatus = required('politicalStatus');
  const joinedAt = required('joinedAt');
  const developmentNumber = blankToNull(input.developmentNumber);
  const educationFullTime = blankToNull(input.educationFullTime);
  const educationHighest = blankToNull(input.educationHighest);
  const occupation = blankToNull(input.occupation);
  const employer = blankToNull(input.employer);
  const phone = blankToNull(input.phone);

  if (name && !isPlausibleName(name)) issues.push({ path: 'name', code: 'PERSON_NAME_INVALID' });
  const id = idRaw ? parseIdNumber(idRaw, { today }) : null;
  if (id && !id.ok) {
    issues.push({ path: 'idNumber', code: id.problem === 'LEGACY_15_DIGITS' ? 'ID_NUMBER_LEGACY' : 'ID_NUMBER_INVALID' });
  }
  if (ethnicity && !oneOf(ETHNICITIES, ethnicity)) issues.push({ path: 'ethnicity', code: 'ETHNICITY_INVALID' });
  if (politicalStatus && !oneOf(POLITICAL_STATUSES, politicalStatus)) {
    issues.push({ path: 'politicalStatus', code: 'POLITICAL_STATUS_INVALID' });
  }
  const joinedValid = joinedAt !== '' && isPastYearMonth(joinedAt, today);
  if (joinedAt && !joinedValid) issues.push({ path: 'joinedAt', code: 'JOINED_AT_INVALID' });
  if (joinedValid && id?.ok && !oldEnoughToJoin(id.id.birthDate, joinedAt)) {
    issues.push({ path: 'joinedAt', code: 'JOINED_TOO_YOUNG' });
  }
  if (joinedValid) {
    const issue = developmentNumberIssue(developmentNumber, joinedAt);
    if (issue) issues.push({ path: 'developmentNumber', code: issue });
  }
  if (!oneOf(EDUCATION_LEVELS, educationFullTime)) issues.push({ path: 'educationFullTime', code: 'EDUCATION_INVALID' });
  if (!oneOf(EDUCATION_LEVELS, educationHighest)) issues.push({ path: 'educationHighest', code: 'EDUCATION_INVALID' });
  if (!oneOf(OCCUPATIONS, occupation)) issues.push({ path: 'occupation', code: 'OCCUPATION_INVALID' });
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) issues.push({ path: 'phone', code: 'PHONE_INVALID' });

  if (issues.length > 0 || !id?.ok) return { ok: false, issues };
  return {
    ok: true,
    value: {
      name,
      idNumber: id.id.value,
      gender: id.id.gender,
      birthDate: id.id.birthDate,
      ethnicity,
      politicalStatus,
      joinedAt,
      developmentNumber,
      educationFullTime,
      educationHighest,
      occupation,
      employer,
      phone,
    },
  };
}

export interface ValidCadrePosition {
  position: string;
  since: string;
  nature: string;
}

/** 团内现任职务, 任现职年月 and 团干部性质 of a cadre. */
export function validateCadrePosition(
  input: { position?: string | undefined; since?: string | undefined; nature?: string | undefined },
  today = new Date(),
): Checked<ValidCadrePosition> {
  const issues: FieldIssue[] = [];
  const position = blankToNull(input.position);
  const since = blankToNull(input.since);
  const nature = blankToNull(input.nature);
  if (!position) issues.push({ path: 'position', code: 'REQUIRED' });
  else if (!oneOf(CADRE_POSITIONS, position)) issues.push({ path: 'position', code: 'CADRE_POSITION_INVALID' });
  if (!since) issues.push({ path: 'since', code: 'REQUIRED' });
  else if (!isPastYearMonth(since, today)) issues.push({ path: 'since', code: 'POSITION_SINCE_INVALID' });
  if (!nature) issues.push({ path: 'nature', code: 'REQUIRED' });
  else if (!oneOf(CADRE_NATURES, nature)) issues.push({ path: 'nature', code: 'CADRE_NATURE_INVALID' });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { position: position!, since: since!, nature: nature! } };
}
