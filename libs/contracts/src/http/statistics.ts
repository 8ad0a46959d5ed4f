import { z } from 'zod';
import { orgType, pageLimit } from '../common.js';

/**
 * The figures of an org's whole subtree (statistics): members broken down as the league's
 * reports do, cadres, branches and this year's transfers out of the subtree. Every breakdown is
 * a map from a value (a label of the member-field lists, `未填写`, or `其他`) to a count.
 */
const counts = z.record(z.string(), z.number().int());

export const orgStatisticsView = z.object({
  orgId: z.string(),
  /** Null while only the org's members or cadres have been counted, before its own event. */
  name: z.string().nullable(),
  type: orgType.nullable(),
  members: z.number().int(),
  gender: z.object({ male: z.number().int(), female: z.number().int() }),
  politicalStatus: counts,
  educationFullTime: counts,
  educationHighest: counts,
  ethnicity: counts,
  ethnicGroup: z.object({ han: z.number().int(), minority: z.number().int(), unknown: z.number().int() }),
  /** under14, 14to18, 18to22, 22to25, 25to28, over28: a band holds its lower age, not its upper. */
  ageBand: counts,
  cadres: z.object({ total: z.number().int(), position: counts, nature: counts }),
  branches: z.object({
    total: z.number().int(),
    /** 空心团支部: active branches without a member. */
    withoutMembers: z.number().int(),
    /** 无团干团支部: active branches without a cadre post. */
    withoutCadres: z.number().int(),
  }),
  /** Active orgs of the subtree (the org itself included), by type. */
  orgs: counts,
  /** Transfers out of the subtree's branches first seen this year (China), by status. */
  transfers: z.object({ year: z.number().int(), status: counts }),
  updatedAt: z.string().nullable(),
});
export type OrgStatisticsView = z.infer<typeof orgStatisticsView>;

export const statisticsChildrenQuery = z.object({ cursor: z.string().max(200).optional(), limit: pageLimit }).strict();
