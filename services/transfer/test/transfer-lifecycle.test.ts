import { describe, expect, it } from 'vitest';
import {
  allows,
  CLOSED_STATUSES,
  INITIAL_STATUS,
  next,
  OPEN_STATUSES,
  STATUS_LABELS,
  statusesAllowing,
  TRANSFER_STATUSES,
  type TransferAction,
  type TransferStatus,
} from '../src/domain/transfer-lifecycle.js';

const ACTIONS: TransferAction[] = ['approve', 'reject', 'cancel', 'assign', 'complete', 'fail', 'expire'];
const toBranch = { toOrgType: 'branch' as const };
const toCommittee = { toOrgType: 'committee' as const };

// The FAQ's lifecycle, written out once more by hand: every (status, action) pair not listed is refused.
const EXPECTED: Record<string, TransferStatus> = {
  'pending approve (to a branch)': 'approved',
  'pending approve (to a committee)': 'awaiting_assignment',
  'pending reject': 'rejected',
  'pending cancel': 'cancelled',
  'pending expire': 'expired',
  'awaiting_assignment assign': 'approved',
  'awaiting_assignment expire': 'expired',
  'approved complete': 'completed',
  'approved fail': 'failed',
};

describe('the transfer lifecycle table', () => {
  it('takes every status and action exactly as the FAQ describes, and refuses every other pair', () => {
    const seen: Record<string, TransferStatus> = {};
    for (const status of TRANSFER_STATUSES)
      for (const action of ACTIONS) {
        const branch = next(status, action, toBranch);
        const committee = next(status, action, toCommittee);
        expect(allows(status, action)).toBe(branch !== null);
        if (branch === null) expect(committee).toBeNull();
        else if (branch === committee) seen[`${status} ${action}`] = branch;
        else {
          seen[`${status} ${action} (to a branch)`] = branch;
          seen[`${status} ${action} (to a committee)`] = committee!;
        }
      }
    expect(seen).toEqual(EXPECTED);
  });

  it('starts pending, and every status is reachable from there', () => {
    expect(INITIAL_STATUS).toBe('pending');
    const reached = new Set<TransferStatus>([INITIAL_STATUS]);
    for (let grew = true; grew;) {
      grew = false;
      for (const status of [...reached])
        for (const action of ACTIONS)
          for (const facts of [toBranch, toCommittee]) {
            const to = next(status, action, facts);
            if (to && !reached.has(to)) {
              reached.add(to);
              grew = true;
            }
          }
    }
    expect([...reached].sort()).toEqual([...TRANSFER_STATUSES].sort());
  });

  it('splits the statuses into open (holding the member) and closed (no action left)', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(['approved', 'awaiting_assignment', 'pending']);
    expect([...CLOSED_STATUSES].sort()).toEqual(['cancelled', 'completed', 'expired', 'failed', 'rejected']);
    for (const status of CLOSED_STATUSES) for (const action of ACTIONS) expect(allows(status, action)).toBe(false);
  });

  it('names the statuses the expiry sweep reads: what may still wait on a person', () => {
    expect(statusesAllowing('expire').sort()).toEqual(['awaiting_assignment', 'pending']);
    // An approved transfer waits on membership moving the member, which does not expire.
    expect(allows('approved', 'expire')).toBe(false);
  });

  it('labels every status in Chinese', () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...TRANSFER_STATUSES].sort());
    for (const label of Object.values(STATUS_LABELS)) expect(label).toMatch(/^[\u4e00-\u9fff]+$/);
  });
});
