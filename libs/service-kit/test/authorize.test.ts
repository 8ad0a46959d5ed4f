import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@zhtj/contracts';
import { requireManage, requireView } from '../src/index.js';
import { AppError } from '@zhtj/contracts';

// root → province → city → county (a branch deep enough that view and manage differ)
const county = { id: 'county', ancestors: ['root', 'province', 'city'] };
const adminOf = (orgId: string): RoleGrant[] => [{ role: 'org_admin', orgId }];

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : error;
  }
  return null;
};

describe('requireView / requireManage', () => {
  it('give the scope of the org asked about to those the rules allow', () => {
    expect(requireView(adminOf('province'), county)).toEqual(county);
    expect(requireManage(adminOf('city'), county)).toEqual(county);
    expect(requireManage(adminOf('county'), county)).toEqual(county);
  });

  it('refuse reading outside the subtree with the code asked for', () => {
    expect(refusal(() => requireView(adminOf('elsewhere'), county))).toBe('FORBIDDEN_ORG_SCOPE');
    expect(refusal(() => requireView(adminOf('elsewhere'), county, 'MEMBER_NOT_FOUND'))).toBe('MEMBER_NOT_FOUND');
  });

  it('refuse managing with FORBIDDEN_ORG_SCOPE to a viewer, with the unseen code to a stranger', () => {
    expect(refusal(() => requireManage(adminOf('province'), county, { unseen: 'MEMBER_NOT_FOUND' }))).toBe('FORBIDDEN_ORG_SCOPE');
    expect(refusal(() => requireManage(adminOf('elsewhere'), county, { unseen: 'MEMBER_NOT_FOUND' }))).toBe('MEMBER_NOT_FOUND');
    expect(refusal(() => requireManage(adminOf('elsewhere'), county))).toBe('FORBIDDEN_ORG_SCOPE');
    expect(refusal(() => requireManage([{ role: 'member', orgId: 'county' }], county))).toBe('FORBIDDEN_ORG_SCOPE');
  });
});
