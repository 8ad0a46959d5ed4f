import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, refuseDissolve, refuseNewChild, refuseTypeChange } from '../src/domain/org-rules.js';

const org = (type: 'committee' | 'working_committee' | 'general_branch' | 'branch', depth = 2) => ({
  name: '某组织',
  type,
  depth,
  status: 'active' as const,
});
const calm = { parentType: 'committee' as const, hasChildren: false, hasMembers: false, childTypes: [] };

describe('creating a child', () => {
  it('is allowed under committees and working committees for every type', () => {
    for (const parent of ['committee', 'working_committee'] as const) {
      for (const child of ['committee', 'working_committee', 'general_branch', 'branch'] as const) {
        expect(refuseNewChild(org(parent), child)).toBeNull();
      }
    }
  });
  it('under a general branch, only for branches', () => {
    expect(refuseNewChild(org('general_branch'), 'branch')).toBeNull();
    expect(refuseNewChild(org('general_branch'), 'general_branch')).toEqual({
      code: 'ORG_CHILD_TYPE_NOT_ALLOWED',
      params: { parentType: '团总支', childType: '团总支' },
    });
  });
  it('never under a branch, a dissolved org, or below the maximum depth', () => {
    expect(refuseNewChild(org('branch'), 'branch')?.code).toBe('ORG_BRANCH_IS_LEAF');
    expect(refuseNewChild({ ...org('committee'), status: 'dissolved' }, 'branch')?.code).toBe('ORG_NOT_ACTIVE');
    expect(refuseNewChild(org('committee', MAX_DEPTH - 1), 'branch')).toBeNull();
    expect(refuseNewChild(org('committee', MAX_DEPTH), 'branch')?.code).toBe('ORG_DEPTH_EXCEEDED');
  });
});

describe('changing an org’s type', () => {
  it('is refused for a branch that still has members (they would be orphaned)', () => {
    expect(refuseTypeChange('branch', 'general_branch', { ...calm, hasMembers: true })?.code).toBe('ORG_HAS_MEMBERS');
    expect(refuseTypeChange('branch', 'general_branch', calm)).toBeNull();
  });
  it('to a branch is refused while the org has children', () => {
    expect(refuseTypeChange('general_branch', 'branch', { ...calm, hasChildren: true, childTypes: ['branch'] })?.code).toBe(
      'ORG_HAS_CHILDREN',
    );
    expect(refuseTypeChange('general_branch', 'branch', calm)).toBeNull();
  });
  it('must still fit under the parent and over the children', () => {
    expect(refuseTypeChange('branch', 'committee', { ...calm, parentType: 'general_branch' })?.code).toBe(
      'ORG_CHILD_TYPE_NOT_ALLOWED',
    );
    expect(refuseTypeChange('committee', 'general_branch', { ...calm, hasChildren: true, childTypes: ['committee'] })).toEqual({
      code: 'ORG_CHILD_TYPE_NOT_ALLOWED',
      params: { parentType: '团总支', childType: '团委' },
    });
    expect(
      refuseTypeChange('committee', 'working_committee', { ...calm, hasChildren: true, childTypes: ['committee'] }),
    ).toBeNull();
  });
  it('to the same type is no change at all', () => {
    expect(refuseTypeChange('branch', 'branch', { ...calm, hasMembers: true })).toBeNull();
  });
});

describe('dissolving', () => {
  it('needs an active org with no children and no members', () => {
    expect(refuseDissolve(org('branch'), { hasChildren: false, hasMembers: false })).toBeNull();
    expect(refuseDissolve(org('committee'), { hasChildren: true, hasMembers: false })?.code).toBe('ORG_HAS_CHILDREN');
    expect(refuseDissolve(org('branch'), { hasChildren: false, hasMembers: true })?.code).toBe('ORG_HAS_MEMBERS');
    expect(refuseDissolve({ ...org('branch'), status: 'dissolved' }, { hasChildren: false, hasMembers: false })?.code).toBe(
      'ORG_NOT_ACTIVE',
    );
  });
});
