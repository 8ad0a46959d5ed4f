import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@zhtj/contracts';
import { approverOrgIds, assignableBranch, canApprove, checkReason, type TransferPlaces } from '../src/domain/transfer-rules.js';

// A county committee C with two branches A and B, and a general branch G with its branch G1.
const branchA = { id: 'A', ancestors: ['C'] };
const branchB = { id: 'B', ancestors: ['C'], type: 'branch' as const };
const general = { id: 'G', ancestors: ['C'], type: 'general_branch' as const };
const admin = (orgId: string): RoleGrant[] => [{ role: 'org_admin', orgId }];

const outToB: TransferPlaces = { direction: 'out', fromBranch: branchA, toOrg: branchB };
const outToG: TransferPlaces = { direction: 'out', fromBranch: branchA, toOrg: general };
const inToB: TransferPlaces = { direction: 'in', fromBranch: branchA, toOrg: branchB };

describe('who approves a transfer (the FAQ’s routing)', () => {
  it('a transfer-in: the member’s current branch or its direct superior', () => {
    expect(approverOrgIds(inToB)).toEqual(['A', 'C']);
  });

  it('a transfer-out to a branch: that branch or its direct superior', () => {
    expect(approverOrgIds(outToB)).toEqual(['B', 'C']);
  });

  it('a transfer-out to a higher org: that org alone, which then assigns a branch', () => {
    expect(approverOrgIds(outToG)).toEqual(['G']);
  });

  it('lets exactly those admins approve, and no one of the other end', () => {
    expect(canApprove(admin('A'), inToB)).toBe(true);
    expect(canApprove(admin('C'), inToB)).toBe(true);
    expect(canApprove(admin('B'), inToB)).toBe(false);
    expect(canApprove(admin('B'), outToB)).toBe(true);
    expect(canApprove(admin('A'), outToB)).toBe(false);
    expect(canApprove(admin('G'), outToG)).toBe(true);
    // The general branch itself decides: its superior's admin does not approve for it.
    expect(canApprove(admin('C'), outToG)).toBe(false);
  });
});

describe('the reason of a transfer', () => {
  it('takes a listed reason, and 其他 only with at least ten characters of explanation', () => {
    expect(checkReason({ code: 'other', text: '  家庭搬迁至外省，需转入  ' })).toEqual({
      code: 'other',
      text: '家庭搬迁至外省，需转入',
    });
    expect(checkReason({ code: 'other', text: '搬家了' })).toBeNull();
    expect(checkReason({ code: 'other' })).toBeNull();
    expect(checkReason({ code: 'no-such-reason' })).toBeNull();
  });

  it('counts characters, not UTF-16 units, toward the ten', () => {
    expect(checkReason({ code: 'other', text: '𠀀'.repeat(9) })).toBeNull();
    expect(checkReason({ code: 'other', text: '𠀀'.repeat(10) })).not.toBeNull();
  });
});

describe('the branch an approving org assigns', () => {
  const target = { id: 'G', ancestors: ['C'] };
  it('is an active branch below it', () => {
    expect(assignableBranch(target, { type: 'branch', status: 'active', ancestors: ['C', 'G'] })).toBe(true);
  });
  it('is not a dissolved branch, a non-branch or a branch elsewhere', () => {
    expect(assignableBranch(target, { type: 'branch', status: 'dissolved', ancestors: ['C', 'G'] })).toBe(false);
    expect(assignableBranch(target, { type: 'general_branch', status: 'active', ancestors: ['C', 'G'] })).toBe(false);
    expect(assignableBranch(target, { type: 'branch', status: 'active', ancestors: ['C'] })).toBe(false);
  });
});
