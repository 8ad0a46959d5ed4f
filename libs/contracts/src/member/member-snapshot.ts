import { z } from 'zod';
import { uuid } from '../common.js';

export const memberPlacement = z.object({
  id: uuid,
  branchId: uuid,
  /** The branch's ancestors, root first, so subtree queries need no tree walk. */
  branchAncestors: z.array(uuid),
  version: z.number().int().min(1),
});

/**
 * The member's figures for the read models that count them (statistics): what an admin's
 * report breaks members down by. Gender and birth date are the ID number's; the rest as stored.
 * Optional on the events, which did not carry it before 2026-12-04.
 */
export const memberProfile = z.object({
  gender: z.enum(['male', 'female']),
  /** YYYY-MM-DD. */
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ethnicity: z.string().min(1),
  politicalStatus: z.string().min(1),
  educationFullTime: z.string().nullable(),
  educationHighest: z.string().nullable(),
});
export type MemberProfile = z.infer<typeof memberProfile>;

/** The profile of a stored member (any object with its fields). */
export function profileOf(
  m: Omit<MemberProfile, 'educationFullTime' | 'educationHighest'> & {
    educationFullTime?: string | null | undefined;
    educationHighest?: string | null | undefined;
  },
): MemberProfile {
  return {
    gender: m.gender,
    birthDate: m.birthDate,
    ethnicity: m.ethnicity,
    politicalStatus: m.politicalStatus,
    educationFullTime: m.educationFullTime ?? null,
    educationHighest: m.educationHighest ?? null,
  };
}

/** A post a cadre holds: what statistics counts cadres by. */
export const cadrePost = z.object({ position: z.string().min(1), nature: z.string().min(1) });
