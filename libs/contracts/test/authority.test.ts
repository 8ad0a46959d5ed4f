import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The generator lives in testkit, which depends on contracts; a relative import keeps the
// packages free of a cycle.
import { generateOrgTree, type GeneratedOrg } from '../../testkit/src/org-tree.js';
import { canManageOrg, canViewOrg, isSuperiorAdminOf, type RoleGrant } from '../src/index.js';

const tree = generateOrgTree({ size: 2_000 });
const byId = new Map(tree.map((o) => [o.id, o]));

/** The rules spelled out by walking parent links, independent of the ancestors array. */
function parentOf(org: GeneratedOrg): GeneratedOrg | undefined {
  return org.parentId ? byId.get(org.parentId) : undefined;
}
function isAncestorOrSelf(candidate: GeneratedOrg, org: GeneratedOrg): boolean {
  for (let o: GeneratedOrg | undefined = org; o; o = parentOf(o)) if (o.id === candidate.id) return true;
  return false;
}

const anOrg = fc.integer({ min: 0, max: tree.length - 1 }).map((i) => tree[i]!);
const admin = (org: GeneratedOrg): RoleGrant => ({ role: 'org_admin', orgId: org.id });

describe('authority over the tree', () => {
  it('manages exactly its own org and its direct children', () => {
    fc.assert(
      fc.property(anOrg, anOrg, (a, b) => {
        expect(canManageOrg([admin(a)], b)).toBe(a.id === b.id || b.parentId === a.id);
      }),
    );
  });

  it('views exactly its own subtree', () => {
    fc.assert(
      fc.property(anOrg, anOrg, (a, b) => {
        expect(canViewOrg([admin(a)], b)).toBe(isAncestorOrSelf(a, b));
      }),
    );
  });

  it('reaches a grandchild only for viewing', () => {
    const grandchild = tree.find((o) => o.depth === 2)!;
    const grandparent = byId.get(grandchild.ancestors[0]!)!;
    expect(canViewOrg([admin(grandparent)], grandchild)).toBe(true);
    expect(canManageOrg([admin(grandparent)], grandchild)).toBe(false);
    expect(isSuperiorAdminOf([admin(byId.get(grandchild.parentId!)!)], grandchild)).toBe(true);
  });

  it('gives a member grant and an empty role list no authority at all', () => {
    fc.assert(
      fc.property(anOrg, (org) => {
        expect(canManageOrg([{ role: 'member', orgId: org.id }], org)).toBe(false);
        expect(canViewOrg([{ role: 'member', orgId: org.id }], org)).toBe(false);
        expect(canManageOrg([], org)).toBe(false);
      }),
    );
  });

  it('holds several grants at once', () => {
    const [a, b] = [tree[5]!, tree[900]!];
    expect(canManageOrg([admin(a), admin(b)], b)).toBe(true);
    expect(canManageOrg([admin(a), admin(b)], a)).toBe(true);
  });
});

describe('the generated tree', () => {
  it('has the shape of the league: 1 → 31 → ~400 → ~3,000, parents first, rules kept', () => {
    const big = generateOrgTree({ size: 100_000 });
    const perDepth = (d: number) => big.filter((o) => o.depth === d).length;
    expect([perDepth(0), perDepth(1), perDepth(2), perDepth(3)]).toEqual([1, 31, 403, 3224]);
    // The rules checked in plain code and reported together: 100,000 orgs × five expect() calls
    // took 20–40 s on a loaded machine, this takes a fraction of a second.
    const seen = new Map<string, GeneratedOrg>();
    const broken: string[] = [];
    for (const org of big) {
      const parent = org.parentId ? seen.get(org.parentId) : undefined;
      const expectedAncestors = parent ? [...parent.ancestors, parent.id] : [];
      if (org.parentId && !parent) broken.push(`${org.id}: parent ${org.parentId} not before it`);
      if (org.ancestors.join('/') !== expectedAncestors.join('/')) broken.push(`${org.id}: ancestors ${org.ancestors.join('/')}`);
      if (org.depth !== org.ancestors.length) broken.push(`${org.id}: depth ${org.depth}`);
      if (parent?.type === 'branch') broken.push(`${org.id}: under a branch`);
      if (parent?.type === 'general_branch' && org.type !== 'branch')
        broken.push(`${org.id}: ${org.type} under a general branch`);
      seen.set(org.id, org);
    }
    expect(broken.slice(0, 10)).toEqual([]);
    expect(big).toHaveLength(100_000);
    const siblingNames = new Set(big.map((o) => `${o.parentId}/${o.name}`));
    expect(siblingNames.size).toBe(big.length);
    expect(big.filter((o) => o.type === 'branch').length).toBeGreaterThan(big.length * 0.4);
  });
});
