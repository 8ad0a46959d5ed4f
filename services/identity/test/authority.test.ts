import { describe, expect, it } from 'vitest';
import { canManageMemberOf } from '../src/domain/authority.js';

describe('authority over a member', () => {
  const branch = { id: 'b', ancestors: ['root', 'county', 'school'] };
  it('belongs to the branch admin and the admin of the branch’s direct superior', () => {
    expect(canManageMemberOf([{ role: 'org_admin', orgId: 'b' }], branch)).toBe(true);
    expect(canManageMemberOf([{ role: 'org_admin', orgId: 'school' }], branch)).toBe(true);
  });
  it('does not reach further up, to members of the branch, or to nobody in particular', () => {
    expect(canManageMemberOf([{ role: 'org_admin', orgId: 'county' }], branch)).toBe(false);
    expect(canManageMemberOf([{ role: 'member', orgId: 'b' }], branch)).toBe(false);
    expect(canManageMemberOf([], branch)).toBe(false);
    expect(canManageMemberOf([{ role: 'org_admin', orgId: 'x' }], { id: 'b', ancestors: [] })).toBe(false);
  });
});
