import { ageOn, dayTurning } from '@zhtj/id-number';

/**
 * Age bands of the league's reports (14–18, 18–22, 22–25, 25–28, over 28; a band holds its lower
 * age and not its upper), from the birth date. Dates are China's calendar days (UTC+8), as
 * `YYYY-MM-DD` strings, so that a birthday turns at midnight in Beijing.
 */
export const AGE_BANDS = ['under14', '14to18', '18to22', '22to25', '25to28', 'over28'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const BOUNDARIES = [14, 18, 22, 25, 28] as const;

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under14: '14岁以下',
  '14to18': '14-18岁',
  '18to22': '18-22岁',
  '22to25': '22-25岁',
  '25to28': '25-28岁',
  over28: '28岁以上',
};

export function ageBand(birthDate: string, on: string): AgeBand {
  const age = ageOn(birthDate, on);
  const index = BOUNDARIES.findIndex((b) => age < b);
  return AGE_BANDS[index === -1 ? BOUNDARIES.length : index]!;
}

/**
 * The first day on which the band changes after `on`, or null once past the last boundary: the
 * daily sweep re-bands exactly the members whose day has come, never scanning the rest.
 */
export function bandChangesOn(birthDate: string, on: string): string | null {
  const age = ageOn(birthDate, on);
  const next = BOUNDARIES.find((b) => b > age);
  return next === undefined ? null : dayTurning(birthDate, next);
}
