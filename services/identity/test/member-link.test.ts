import { describe, expect, it } from 'vitest';
import { canSignIn, followMember, type MemberLink } from '../src/domain/member-link.js';

// UUIDv7-like ids: later records sort after earlier ones.
const [older, newer] = ['01a00000-0000-7000-8000-000000000001', '01a00000-0000-7000-8000-000000000002'];
const [a, b, root] = ['0000000a-0000-7000-8000-000000000000', '0000000b-0000-7000-8000-000000000000', 'r'];
const admin = { role: 'org_admin' as const, orgId: root };
const following = (memberId: string, branchId: string, version = 1, extra: Partial<MemberLink> = {}): MemberLink => ({
  roles: [admin, { role: 'member', orgId: branchId }],
  memberId,
  memberVersion: version,
  memberRemoved: false,
  branchId,
  ...extra,
});
const placed = { branchAncestors: [root] };

describe('followMember', () => {
  it('moves the member role with a newer move of the followed record, losing the old branch', () => {
    const next = followMember(following(older, a), { kind: 'moved', memberId: older, version: 3, branchId: b, ...placed });
    expect(next).toEqual({
      link: {
        roles: [admin, { role: 'member', orgId: b }],
        memberId: older,
        memberVersion: 3,
        memberRemoved: false,
        branchId: b,
        branchAncestors: [root],
      },
      lostAuthority: true,
    });
  });

  it('ignores a move that is not newer, of another record, or of a removed one', () => {
    const move = { kind: 'moved' as const, memberId: older, branchId: b, ...placed };
    expect(followMember(following(older, a, 3), { ...move, version: 3 })).toBeNull();
    expect(followMember(following(older, a, 3), { ...move, version: 2 })).toBeNull();
    expect(followMember(following(newer, a), { ...move, version: 5 })).toBeNull();
    expect(followMember(following(older, a, 2, { memberRemoved: true }), { ...move, version: 5 })).toBeNull();
  });

  it('takes the member role on removal and keeps the other roles', () => {
    const next = followMember(following(older, a), { kind: 'removed', memberId: older, version: 2 });
    expect(next?.link).toMatchObject({ roles: [admin], memberRemoved: true, branchId: null, memberVersion: 2 });
    expect(next?.lostAuthority).toBe(true);
    expect(followMember(next!.link, { kind: 'removed', memberId: older, version: 2 })).toBeNull();
  });

  it('links a creation unless the account follows a newer record, replacing the old branch’s role', () => {
    const removed = following(older, a, 2, { memberRemoved: true, roles: [admin] });
    const readd = followMember(removed, { kind: 'created', memberId: newer, version: 1, branchId: b, ...placed });
    expect(readd?.link).toMatchObject({ roles: [admin, { role: 'member', orgId: b }], memberId: newer, memberRemoved: false });
    expect(readd?.lostAuthority).toBe(false);
    // Re-added elsewhere while the old record still showed (its removal not heard yet): one role, not two.
    const twice = followMember(following(older, a), { kind: 'created', memberId: newer, version: 1, branchId: b, ...placed });
    expect(twice?.link.roles).toEqual([admin, { role: 'member', orgId: b }]);
    expect(twice?.lostAuthority).toBe(true);
    // A late redelivery of the older record's creation changes nothing.
    expect(followMember(readd!.link, { kind: 'created', memberId: older, version: 1, branchId: a, ...placed })).toBeNull();
    expect(followMember(readd!.link, { kind: 'created', memberId: newer, version: 1, branchId: b, ...placed })).toBeNull();
    // An account that never followed a record (an admin registered first) links to it.
    expect(
      followMember({ roles: [admin] }, { kind: 'created', memberId: older, version: 1, branchId: a, ...placed }),
    ).toMatchObject({
      link: { roles: [admin, { role: 'member', orgId: a }] },
      lostAuthority: false,
    });
  });
});

describe('canSignIn', () => {
  it('is true only while the account grants something', () => {
    expect(canSignIn({ roles: [admin] })).toBe(true);
    expect(canSignIn({ roles: [] })).toBe(false);
  });
});
