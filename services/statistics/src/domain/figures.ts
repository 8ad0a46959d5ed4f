import {
  CADRE_NATURES,
  CADRE_POSITIONS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  POLITICAL_STATUSES,
  type MemberProfile,
  type OrgType,
  type TransferStatus,
} from '@zhtj/contracts';
import { chinaDate } from '@zhtj/id-number';
import { ageBand, bandChangesOn, type AgeBand } from './age-band.js';

/**
 * The figures of an org's whole subtree as counters, and the rules that move them: each fact
 * (a member added, edited, moved, removed; a cadre post; an org created or dissolved; a transfer's
 * status) adds its delta to its org and every ancestor — at most depth + 1 counters — so reading
 * any level is one document, never a scan. Pure: the store loads the state an event needs, these
 * rules change it and say which counters move.
 *
 * A counter is a path of at most two segments (`members`, `gender.male`, `ethnicity.汉族`). Only
 * values from the contracts' lists become segments — anything else counts as `其他` — so no event
 * can write a path of its own choosing (a `$` or a dot) into the store.
 */

export const UNKNOWN = '未填写';
export const OTHER = '其他';

export interface OrgState {
  id: string;
  /** Known once the org's own event arrived; a member's or cadre's event can come first. */
  known: boolean;
  name: string | null;
  type: OrgType | null;
  parentId: string | null;
  ancestors: string[];
  active: boolean;
  version: number;
  /** Members and cadre posts held in the org itself (not its subtree): what makes a branch 空心 or 无团干. */
  ownMembers: number;
  ownCadres: number;
}

export interface MemberState {
  id: string;
  version: number;
  branchId: string;
  ancestors: string[];
  profile: MemberProfile | null;
  /** Removed members are kept (as a version), so a late older event changes nothing. */
  active: boolean;
  /** The band the member is counted in, and the day it next changes (null past 28). */
  band: AgeBand | null;
  bandChangesOn: string | null;
}

export interface TransferState {
  id: string;
  version: number;
  status: TransferStatus;
  /** The year (China) the transfer was first seen in: transfers are counted by year. */
  year: number;
  fromBranchId: string;
}

export interface CadreState {
  id: string;
  orgId: string;
}

/** Everything a run of events reads and changes, and the counter deltas it made, per org. */
export class Working {
  readonly orgs = new Map<string, OrgState>();
  readonly members = new Map<string, MemberState>();
  readonly transfers = new Map<string, TransferState>();
  readonly cadres = new Map<string, CadreState>();
  /** Org id → counter path → delta. */
  readonly deltas = new Map<string, Map<string, number>>();
  /** What changed, for the store to write. */
  readonly changed = {
    orgs: new Set<string>(),
    members: new Set<string>(),
    transfers: new Set<string>(),
    cadres: new Set<string>(),
  };

  constructor(readonly today: string) {}

  org(id: string): OrgState {
    let org = this.orgs.get(id);
    if (!org) {
      org = {
        id,
        known: false,
        name: null,
        type: null,
        parentId: null,
        ancestors: [],
        active: true,
        version: 0,
        ownMembers: 0,
        ownCadres: 0,
      };
      this.orgs.set(id, org);
    }
    return org;
  }

  bump(chain: readonly string[], path: string, delta: number): void {
    if (delta === 0) return;
    for (const id of chain) {
      const counters = this.deltas.get(id) ?? new Map<string, number>();
      counters.set(path, (counters.get(path) ?? 0) + delta);
      this.deltas.set(id, counters);
    }
  }
}

/** Thrown when an event needs a fact not here yet (an org of another stream): its batch is tried again. */
export class NotYetKnown extends Error {}

const oneOf = (list: readonly string[], value: string | null | undefined): string =>
  value == null || value === '' ? UNKNOWN : list.includes(value) ? value : OTHER;

/** The counters one active member adds to each org of their branch's chain. */
export function memberCounters(profile: MemberProfile, band: AgeBand): string[] {
  const ethnicity = oneOf(ETHNICITIES, profile.ethnicity);
  return [
    'members',
    `gender.${profile.gender === 'female' ? 'female' : 'male'}`,
    `ethnicity.${ethnicity}`,
    `ethnicGroup.${ethnicity === '汉族' ? 'han' : ethnicity === UNKNOWN ? 'unknown' : 'minority'}`,
    `politicalStatus.${oneOf(POLITICAL_STATUSES, profile.politicalStatus)}`,
    `educationFullTime.${oneOf(EDUCATION_LEVELS, profile.educationFullTime)}`,
    `educationHighest.${oneOf(EDUCATION_LEVELS, profile.educationHighest)}`,
    `age.${band}`,
  ];
}

export function cadreCounters(post: { position: string; nature: string }): string[] {
  return ['cadres', `cadrePosition.${oneOf(CADRE_POSITIONS, post.position)}`, `cadreNature.${oneOf(CADRE_NATURES, post.nature)}`];
}

const chainOf = (id: string, ancestors: readonly string[]) => [...ancestors, id];
const isCountedBranch = (org: OrgState) => org.known && org.type === 'branch' && org.active;

/** Changes an org's own member or cadre count, moving 空心团支部 / 无团干团支部 when a branch crosses zero. */
function changeOwn(w: Working, orgId: string, ancestors: readonly string[], field: 'ownMembers' | 'ownCadres', delta: number) {
  const org = w.org(orgId);
  const before = org[field];
  org[field] = before + delta;
  w.changed.orgs.add(orgId);
  w.bump([orgId], field, delta);
  if (isCountedBranch(org) && (before === 0) !== (org[field] === 0)) {
    w.bump(
      chainOf(orgId, org.known ? org.ancestors : ancestors),
      field === 'ownMembers' ? 'emptyBranches' : 'branchesWithoutCadres',
      org[field] === 0 ? 1 : -1,
    );
  }
}

/** What an org counts as in its chain: itself by type, and as a branch (empty, without cadres). */
function countOrg(w: Working, org: OrgState, sign: 1 | -1) {
  if (!org.known || !org.active || !org.type) return;
  const chain = chainOf(org.id, org.ancestors);
  w.bump(chain, `orgs.${org.type}`, sign);
  if (org.type !== 'branch') return;
  w.bump(chain, 'branches', sign);
  if (org.ownMembers === 0) w.bump(chain, 'emptyBranches', sign);
  if (org.ownCadres === 0) w.bump(chain, 'branchesWithoutCadres', sign);
}

export interface OrgFact {
  id: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  ancestors: string[];
  status: 'active' | 'dissolved';
  version: number;
}

/** org.created / org.updated / org.dissolved: the org's snapshot, applied when newer. */
export function applyOrg(w: Working, fact: OrgFact): void {
  const org = w.org(fact.id);
  if (fact.version <= org.version) return;
  countOrg(w, org, -1);
  Object.assign(org, {
    known: true,
    name: fact.name,
    type: fact.type,
    parentId: fact.parentId,
    ancestors: [...fact.ancestors],
    active: fact.status === 'active',
    version: fact.version,
  });
  countOrg(w, org, 1);
  w.changed.orgs.add(org.id);
}

function count(w: Working, m: MemberState, sign: 1 | -1) {
  if (!m.active || !m.profile || !m.band) return;
  for (const path of memberCounters(m.profile, m.band)) w.bump(chainOf(m.branchId, m.ancestors), path, sign);
  changeOwn(w, m.branchId, m.ancestors, 'ownMembers', sign);
}

function place(m: MemberState, profile: MemberProfile | null, today: string) {
  m.profile = profile;
  m.band = profile ? ageBand(profile.birthDate, today) : null;
  m.bandChangesOn = profile ? bandChangesOn(profile.birthDate, today) : null;
}

export interface MemberFact {
  id: string;
  version: number;
  branchId: string;
  branchAncestors: string[];
}

/**
 * A member's event, applied when newer than what is held: `profile` is the member's as the event
 * gives it (undefined: unchanged), `removed` ends their counting. An event about a member not
 * held yet that cannot say who they are (a move) waits for the creation.
 */
export function applyMember(
  w: Working,
  fact: MemberFact,
  change: { profile?: MemberProfile | undefined; removed?: boolean; needsKnown?: boolean },
): void {
  const held = w.members.get(fact.id);
  if (held && fact.version <= held.version) return;
  if (!held && change.needsKnown) throw new NotYetKnown(`member ${fact.id} not counted yet`);
  const m: MemberState = held ?? {
    id: fact.id,
    version: 0,
    branchId: fact.branchId,
    ancestors: fact.branchAncestors,
    profile: null,
    active: true,
    band: null,
    bandChangesOn: null,
  };
  count(w, m, -1);
  m.version = fact.version;
  m.branchId = fact.branchId;
  m.ancestors = [...fact.branchAncestors];
  if (change.profile !== undefined) place(m, change.profile, w.today);
  if (change.removed) m.active = false;
  count(w, m, 1);
  w.members.set(m.id, m);
  w.changed.members.add(m.id);
}

/** The daily sweep: a member whose band's day has come moves to the band of today. */
export function reband(w: Working, memberId: string): void {
  const m = w.members.get(memberId);
  if (!m) return;
  if (m.active && m.profile) {
    count(w, m, -1);
    place(m, m.profile, w.today);
    count(w, m, 1);
  }
  // Written even when nothing moved (a removed member): its day is done with either way.
  w.changed.members.add(m.id);
}

/** member.cadre_appointed: a post counts once at its org and every ancestor. */
export function applyCadre(
  w: Working,
  post: { id: string; orgId: string; orgAncestors: string[]; position: string; nature: string },
) {
  if (w.cadres.has(post.id)) return;
  for (const path of cadreCounters(post)) w.bump(chainOf(post.orgId, post.orgAncestors), path, 1);
  changeOwn(w, post.orgId, post.orgAncestors, 'ownCadres', 1);
  w.cadres.set(post.id, { id: post.id, orgId: post.orgId });
  w.changed.cadres.add(post.id);
}

/**
 * A transfer event: the transfer counts in one status (by the year it was first seen), at the
 * member's branch it leaves from and that branch's ancestors (转出 of the subtree).
 */
export function applyTransfer(
  w: Working,
  t: { id: string; version: number; status: TransferStatus; fromBranchId: string },
  occurredAt: string,
): void {
  const held = w.transfers.get(t.id);
  if (held && t.version <= held.version) return;
  const from = w.org(t.fromBranchId);
  if (!from.known) throw new NotYetKnown(`org ${t.fromBranchId} not known yet`);
  const chain = chainOf(from.id, from.ancestors);
  const year = held?.year ?? Number(chinaDate(new Date(occurredAt)).slice(0, 4));
  if (held) w.bump(chain, `transfers.y${held.year}_${held.status}`, -1);
  w.bump(chain, `transfers.y${year}_${t.status}`, 1);
  w.transfers.set(t.id, { id: t.id, version: t.version, status: t.status, year, fromBranchId: t.fromBranchId });
  w.changed.transfers.add(t.id);
}
