import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDUCATION_LEVELS, ETHNICITIES, POLITICAL_STATUSES, type MemberProfile } from '@zhtj/contracts';
import { ageBand } from '../src/domain/age-band.js';
import {
  applyCadre,
  applyMember,
  applyOrg,
  applyTransfer,
  memberCounters,
  NotYetKnown,
  reband,
  Working,
  type OrgFact,
} from '../src/domain/figures.js';

const TODAY = '2026-12-04';
const org = (
  id: string,
  type: OrgFact['type'],
  ancestors: string[],
  version = 1,
  status: OrgFact['status'] = 'active',
): OrgFact => ({
  id,
  name: id,
  type,
  parentId: ancestors.at(-1) ?? null,
  ancestors,
  status,
  version,
});
const profile = (over: Partial<MemberProfile> = {}): MemberProfile => ({
  gender: 'female',
  birthDate: '2006-01-15',
  ethnicity: '汉族',
  politicalStatus: '共青团员',
  educationFullTime: '高中',
  educationHighest: null,
  ...over,
});

/** The counters of `w` summed per org (what the store would hold after committing from zero). */
const totals = (w: Working, id: string) => Object.fromEntries(w.deltas.get(id) ?? []);

describe('the figures of a subtree', () => {
  it('count a member at the branch and every ancestor, and undo exactly that on removal', () => {
    const w = new Working(TODAY);
    applyOrg(w, org('root', 'committee', []));
    applyOrg(w, org('b1', 'branch', ['root']));
    expect(totals(w, 'root')).toMatchObject({ branches: 1, emptyBranches: 1, branchesWithoutCadres: 1 });
    applyMember(w, { id: 'm1', version: 1, branchId: 'b1', branchAncestors: ['root'] }, { profile: profile() });
    expect(totals(w, 'root')).toMatchObject({
      members: 1,
      'gender.female': 1,
      'ethnicGroup.han': 1,
      'politicalStatus.共青团员': 1,
      'educationHighest.未填写': 1,
      'age.18to22': 1,
      emptyBranches: 0,
    });
    applyMember(w, { id: 'm1', version: 2, branchId: 'b1', branchAncestors: ['root'] }, { removed: true });
    const after = totals(w, 'root');
    for (const path of memberCounters(profile(), 'age' as never).slice(0, 7)) expect(after[path] ?? 0, path).toBe(0);
    expect(after.emptyBranches).toBe(1);
  });

  it('ignore an event not newer than what is held, and a post counted once', () => {
    const w = new Working(TODAY);
    const fact = { id: 'm1', version: 2, branchId: 'b1', branchAncestors: ['root'] };
    applyMember(w, fact, { profile: profile() });
    applyMember(w, { ...fact, version: 1 }, { profile: profile({ gender: 'male' }) });
    applyMember(w, fact, { profile: profile({ gender: 'male' }) });
    expect(totals(w, 'root')).toMatchObject({ members: 1, 'gender.female': 1 });
    const post = { id: 'c1', orgId: 'b1', orgAncestors: ['root'], position: '书记', nature: '兼职' };
    applyCadre(w, post);
    applyCadre(w, post);
    expect(totals(w, 'root')).toMatchObject({ cadres: 1, 'cadrePosition.书记': 1 });
  });

  it('count a value outside the lists as 其他, so no event names a counter of its own', () => {
    const w = new Working(TODAY);
    applyMember(w, { id: 'm', version: 1, branchId: 'b', branchAncestors: [] }, { profile: profile({ ethnicity: '$set.x' }) });
    expect(totals(w, 'b')).toMatchObject({ 'ethnicity.其他': 1, 'ethnicGroup.minority': 1 });
    expect(Object.keys(totals(w, 'b')).some((k) => k.includes('$'))).toBe(false);
  });

  it('know a branch for 空心 and 无团干 whether its members came before its own event or after', () => {
    const early = new Working(TODAY);
    applyMember(early, { id: 'm', version: 1, branchId: 'b', branchAncestors: ['root'] }, { profile: profile() });
    applyOrg(early, org('b', 'branch', ['root']));
    const late = new Working(TODAY);
    applyOrg(late, org('b', 'branch', ['root']));
    applyMember(late, { id: 'm', version: 1, branchId: 'b', branchAncestors: ['root'] }, { profile: profile() });
    for (const w of [early, late]) {
      const { branches, emptyBranches = 0, branchesWithoutCadres } = totals(w, 'root');
      expect({ branches, emptyBranches, branchesWithoutCadres }).toEqual({
        branches: 1,
        emptyBranches: 0,
        branchesWithoutCadres: 1,
      });
    }
  });

  it('move a member between subtrees, and wait for a move of a member not counted yet', () => {
    const w = new Working(TODAY);
    applyMember(w, { id: 'm', version: 1, branchId: 'a', branchAncestors: ['root', 'x'] }, { profile: profile() });
    applyMember(w, { id: 'm', version: 2, branchId: 'b', branchAncestors: ['root', 'y'] }, {});
    expect(totals(w, 'x').members).toBe(0);
    expect(totals(w, 'y').members).toBe(1);
    expect(totals(w, 'root').members).toBe(1);
    expect(() => applyMember(w, { id: 'other', version: 2, branchId: 'b', branchAncestors: [] }, { needsKnown: true })).toThrow(
      NotYetKnown,
    );
  });

  it('count a transfer in one status of the year it was first seen, at the branch it leaves from', () => {
    const w = new Working(TODAY);
    applyOrg(w, org('b', 'branch', ['root']));
    const t = { id: 't', version: 1, status: 'pending' as const, fromBranchId: 'b' };
    applyTransfer(w, t, '2026-12-01T00:00:00Z');
    applyTransfer(w, { ...t, version: 3, status: 'completed' }, '2027-01-02T00:00:00Z');
    applyTransfer(w, { ...t, version: 2, status: 'approved' }, '2027-01-01T00:00:00Z');
    expect(totals(w, 'root')).toMatchObject({ 'transfers.y2026_pending': 0, 'transfers.y2026_completed': 1 });
    expect(() => applyTransfer(w, { ...t, id: 't2', fromBranchId: 'unknown' }, '2026-12-01T00:00:00Z')).toThrow(NotYetKnown);
  });

  it('move a member to the band of today when their day comes', () => {
    const w = new Working('2026-01-14');
    applyMember(
      w,
      { id: 'm', version: 1, branchId: 'b', branchAncestors: [] },
      { profile: profile({ birthDate: '2008-01-15' }) },
    );
    expect(w.members.get('m')!.bandChangesOn).toBe('2026-01-15');
    const next = new Working('2026-01-15');
    next.members.set('m', { ...w.members.get('m')! });
    reband(next, 'm');
    expect(totals(next, 'b')).toMatchObject({ 'age.14to18': -1, 'age.18to22': 1, members: 0 });
  });
});

/**
 * The figures against a direct count: after any sequence of adds, edits, moves and removals in
 * any tree, each org's counters equal what counting the members in its subtree gives.
 */
describe('the figures against a direct count', () => {
  const branches = [
    { id: 'b1', ancestors: ['root', 'c1'] },
    { id: 'b2', ancestors: ['root', 'c1'] },
    { id: 'b3', ancestors: ['root', 'c2'] },
  ];
  const profiles = fc.record({
    gender: fc.constantFrom('male' as const, 'female' as const),
    birthDate: fc.constantFrom('1996-03-01', '2000-12-04', '2004-07-08', '2010-01-01'),
    ethnicity: fc.constantFrom(...ETHNICITIES.slice(0, 4)),
    politicalStatus: fc.constantFrom(...POLITICAL_STATUSES),
    educationFullTime: fc.constantFrom(null, ...EDUCATION_LEVELS.slice(2, 5)),
    educationHighest: fc.constantFrom(null, '大学本科'),
  });
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), member: fc.nat(5), branch: fc.nat(2), profile: profiles }),
    fc.record({ kind: fc.constant('edit' as const), member: fc.nat(5), profile: profiles }),
    fc.record({ kind: fc.constant('move' as const), member: fc.nat(5), branch: fc.nat(2) }),
    fc.record({ kind: fc.constant('remove' as const), member: fc.nat(5) }),
  );

  it('holds for every org', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const w = new Working(TODAY);
        for (const b of [
          { id: 'root', ancestors: [] },
          { id: 'c1', ancestors: ['root'] },
          { id: 'c2', ancestors: ['root'] },
        ])
          applyOrg(w, org(b.id, 'committee', b.ancestors));
        for (const b of branches) applyOrg(w, org(b.id, 'branch', b.ancestors));
        // The records, as membership would hold them.
        const records = new Map<string, { branch: number; profile: MemberProfile; version: number; removed: boolean }>();
        for (const o of ops) {
          const id = `m${o.member}`;
          const held = records.get(id);
          if (o.kind === 'add') {
            if (held) continue;
            records.set(id, { branch: o.branch, profile: o.profile, version: 1, removed: false });
            const b = branches[o.branch]!;
            applyMember(w, { id, version: 1, branchId: b.id, branchAncestors: b.ancestors }, { profile: o.profile });
          } else if (held && !held.removed) {
            held.version += 1;
            if (o.kind === 'edit') held.profile = o.profile;
            if (o.kind === 'move') held.branch = o.branch;
            if (o.kind === 'remove') held.removed = true;
            const b = branches[held.branch]!;
            applyMember(
              w,
              { id, version: held.version, branchId: b.id, branchAncestors: b.ancestors },
              o.kind === 'edit' ? { profile: o.profile } : o.kind === 'remove' ? { removed: true } : {},
            );
          }
        }
        for (const orgId of ['root', 'c1', 'c2', ...branches.map((b) => b.id)]) {
          const inSubtree = [...records.values()].filter((r) => {
            const b = branches[r.branch]!;
            return !r.removed && (b.id === orgId || b.ancestors.includes(orgId));
          });
          const expected = new Map<string, number>();
          for (const r of inSubtree)
            for (const path of memberCounters(r.profile, ageBand(r.profile.birthDate, TODAY)))
              expected.set(path, (expected.get(path) ?? 0) + 1);
          const counted = w.deltas.get(orgId) ?? new Map<string, number>();
          for (const [path, n] of counted)
            if (!path.startsWith('orgs.') && !path.includes('ranch') && !path.startsWith('own'))
              expect(n, `${orgId} ${path}`).toBe(expected.get(path) ?? 0);
          for (const [path, n] of expected) expect(counted.get(path), `${orgId} ${path}`).toBe(n);
          const emptyBranches = branches.filter(
            (b) => (b.id === orgId || b.ancestors.includes(orgId)) && !inSubtree.some((r) => branches[r.branch]!.id === b.id),
          ).length;
          expect(counted.get('emptyBranches') ?? 0, `${orgId} 空心团支部`).toBe(emptyBranches);
        }
      }),
      { numRuns: 300 },
    );
  });
});
