import { AppError, type OrgStatisticsView } from '@zhtj/contracts';
import { requireView, type Caller } from '@zhtj/service-kit';
import type { OrgProjection, PageRequest } from '@zhtj/store';
import { AGE_BANDS } from '../domain/age-band.js';
import { chinaDate } from '@zhtj/id-number';
import type { FiguresRepository } from '../store/figures.repository.js';
import type { FiguresDocument } from '../store/models.js';

export interface StatisticsDependencies {
  figures: FiguresRepository;
  orgs: OrgProjection;
}

/** The proof that the caller may see the org's figures: anyone who may view the org (its admins and those above). */
async function viewScopeOf(deps: StatisticsDependencies, caller: Caller, orgId: string) {
  const org = await deps.orgs.get(orgId);
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return { org, scope: requireView(caller.roles, { id: org._id, ancestors: org.ancestors }) };
}

const group = (counts: FiguresDocument['counts'], key: string): Record<string, number> => {
  const value = counts[key];
  return value && typeof value === 'object' ? { ...value } : {};
};
const total = (counts: FiguresDocument['counts'], key: string): number => {
  const value = counts[key];
  return typeof value === 'number' ? value : 0;
};

/** A figures document as the API shows it; `year` picks the transfers counted. */
export function toStatisticsView(
  doc: Pick<FiguresDocument, '_id' | 'name' | 'type' | 'counts'> & { updatedAt?: Date | null },
  year: number,
): OrgStatisticsView {
  const c = doc.counts ?? {};
  const gender = group(c, 'gender');
  const ethnicGroup = group(c, 'ethnicGroup');
  const ageBand = group(c, 'age');
  const prefix = `y${year}_`;
  const transfers = Object.fromEntries(
    Object.entries(group(c, 'transfers'))
      .filter(([k, n]) => k.startsWith(prefix) && n !== 0)
      .map(([k, n]) => [k.slice(prefix.length), n]),
  );
  return {
    orgId: doc._id,
    name: doc.name ?? null,
    type: doc.type ?? null,
    members: total(c, 'members'),
    gender: { male: gender.male ?? 0, female: gender.female ?? 0 },
    politicalStatus: group(c, 'politicalStatus'),
    educationFullTime: group(c, 'educationFullTime'),
    educationHighest: group(c, 'educationHighest'),
    ethnicity: group(c, 'ethnicity'),
    ethnicGroup: { han: ethnicGroup.han ?? 0, minority: ethnicGroup.minority ?? 0, unknown: ethnicGroup.unknown ?? 0 },
    ageBand: Object.fromEntries(AGE_BANDS.map((band) => [band, ageBand[band] ?? 0])),
    cadres: { total: total(c, 'cadres'), position: group(c, 'cadrePosition'), nature: group(c, 'cadreNature') },
    branches: {
      total: total(c, 'branches'),
      withoutMembers: total(c, 'emptyBranches'),
      withoutCadres: total(c, 'branchesWithoutCadres'),
    },
    orgs: group(c, 'orgs'),
    transfers: { year, status: transfers },
    updatedAt: doc.updatedAt ? new Date(doc.updatedAt).toISOString() : null,
  };
}

const thisYear = (now: Date) => Number(chinaDate(now).slice(0, 4));

/** GET /orgs/:id/statistics: the org's whole subtree, one document read. */
export async function statisticsOf(deps: StatisticsDependencies, caller: Caller, orgId: string, now = new Date()) {
  const { org, scope } = await viewScopeOf(deps, caller, orgId);
  const doc = await deps.figures.figuresOf(scope);
  return toStatisticsView(doc ?? { _id: org._id, name: org.name, type: org.type, counts: {} }, thisYear(now));
}

/** GET /orgs/:id/statistics/children: each direct child's subtree, for the drill-down table. */
export async function childrenStatistics(
  deps: StatisticsDependencies,
  caller: Caller,
  orgId: string,
  page: PageRequest,
  now = new Date(),
) {
  const { scope } = await viewScopeOf(deps, caller, orgId);
  const { items, nextCursor } = await deps.figures.childrenOf(scope, page);
  return { items: items.map((doc) => toStatisticsView(doc, thisYear(now))), nextCursor };
}

/** The org and all its direct children, for the workbook (children a page at a time, at most `max`). */
export async function statisticsTable(deps: StatisticsDependencies, caller: Caller, orgId: string, now = new Date(), max = 5000) {
  const self = await statisticsOf(deps, caller, orgId, now);
  const children: OrgStatisticsView[] = [];
  let cursor: string | undefined;
  do {
    const page = await childrenStatistics(deps, caller, orgId, { cursor, limit: 200 }, now);
    children.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && children.length < max);
  return { self, children };
}
