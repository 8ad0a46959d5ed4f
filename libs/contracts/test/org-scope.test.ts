import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOrgTree } from '../../testkit/src/org-tree.js';
import {
  adminScope,
  canManageOrg,
  canViewOrg,
  isAdminOf,
  isSuperiorAdminOf,
  manageScope,
  memberOfScope,
  scopeCovers,
  selfScope,
  superiorScope,
  viewScope,
  type AdminScope,
  type ManageScope,
  type OrgPlace,
  type RoleGrant,
  type ViewScope,
} from '../src/index.js';

const tree = generateOrgTree({ size: 500 });
const anOrg = fc.integer({ min: 0, max: tree.length - 1 }).map((i) => tree[i]!);
const admin = (org: OrgPlace): RoleGrant => ({ role: 'org_admin', orgId: org.id });

describe('org scopes', () => {
  it('are made exactly when the authority rules allow, and name the org asked about', () => {
    fc.assert(
      fc.property(anOrg, anOrg, (a, b) => {
        const roles = [admin(a)];
        const view = viewScope(roles, b);
        const manage = manageScope(roles, b);
        expect(view !== null).toBe(canViewOrg(roles, b));
        expect(manage !== null).toBe(canManageOrg(roles, b));
        const administered = adminScope(roles, b);
        const superior = superiorScope(roles, b);
        expect(administered !== null).toBe(isAdminOf(roles, b.id));
        expect(superior !== null).toBe(isSuperiorAdminOf(roles, b));
        // Administering an org or its superior is exactly what managing it means.
        expect(manage !== null).toBe(administered !== null || superior !== null);
        for (const scope of [view, manage, administered, superior])
          if (scope) expect(scope).toEqual({ id: b.id, ancestors: b.ancestors });
      }),
    );
  });

  it('cover their org and everything below it, nothing else', () => {
    fc.assert(
      fc.property(anOrg, anOrg, (a, b) => {
        expect(scopeCovers(a, b)).toBe(b.id === a.id || b.ancestors.includes(a.id));
      }),
    );
  });

  it('keep no reference to the place they were made from', () => {
    const org = { id: 'b', ancestors: ['root', 'a'] };
    const scope = manageScope([admin({ id: 'a', ancestors: ['root'] })], org)!;
    org.ancestors.push('x');
    expect(scope.ancestors).toEqual(['root', 'a']);
  });

  it("of one's own branch only for its members", () => {
    const branch = { id: 'b', ancestors: ['root'] };
    expect(memberOfScope([{ role: 'member', orgId: 'b' }], branch)).toEqual(branch);
    expect(memberOfScope([{ role: 'org_admin', orgId: 'b' }], branch)).toBeNull();
    expect(memberOfScope([{ role: 'member', orgId: 'c' }], branch)).toBeNull();
  });

  it("of one's own record only for one's own member id", () => {
    expect(selfScope({ memberId: 'm1' }, 'm1')).toEqual({ memberId: 'm1' });
    expect(selfScope({ memberId: 'm1' }, 'm2')).toBeNull();
    expect(selfScope({}, 'm1')).toBeNull();
  });

  it('cannot be made by hand, and a view scope does not pass for a management scope', () => {
    const needsView = (scope: ViewScope) => scope.id;
    const needsManage = (scope: ManageScope) => scope.id;
    const place: OrgPlace = { id: 'b', ancestors: [] };
    // @ts-expect-error a plain place is no proof of authority
    needsView(place);
    const view = viewScope([admin(place)], place)!;
    // @ts-expect-error reading is not managing
    needsManage(view);
    const manage = manageScope([admin(place)], place)!;
    const needsAdmin = (scope: AdminScope) => scope.id;
    // @ts-expect-error managing (perhaps as the superior) is not administering the org itself
    needsAdmin(manage);
    expect(needsAdmin(adminScope([admin(place)], place)!)).toBe('b');
    expect([needsView(manage), needsManage(manage), needsView(view)]).toEqual(['b', 'b', 'b']);
  });
});
