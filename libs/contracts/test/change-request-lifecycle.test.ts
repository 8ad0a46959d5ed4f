import { describe, expect, it } from 'vitest';
import {
  CHANGE_REQUEST_INITIAL_STATUS,
  CHANGE_REQUEST_STATUS_LABELS,
  CHANGE_REQUEST_STATUSES,
  decidableStatuses,
  isUndecided,
  nextChangeRequestStatus,
} from '../src/index.js';
import { changeRequestStatusFilter } from '../src/http/change-request-view.js';

describe('the change request lifecycle', () => {
  it('decides a pending request once: approve → approved, reject → rejected', () => {
    expect(CHANGE_REQUEST_INITIAL_STATUS).toBe('pending');
    expect(nextChangeRequestStatus('pending', 'approve')).toBe('approved');
    expect(nextChangeRequestStatus('pending', 'reject')).toBe('rejected');
  });

  it('refuses any decision on a decided request', () => {
    for (const status of ['approved', 'rejected'] as const) {
      expect(isUndecided(status)).toBe(false);
      expect(nextChangeRequestStatus(status, 'approve')).toBeNull();
      expect(nextChangeRequestStatus(status, 'reject')).toBeNull();
    }
    expect(decidableStatuses()).toEqual(['pending']);
  });

  it('labels every status in Chinese, and lists filter by every status or all', () => {
    expect(Object.keys(CHANGE_REQUEST_STATUS_LABELS).sort()).toEqual([...CHANGE_REQUEST_STATUSES].sort());
    expect(changeRequestStatusFilter.parse(undefined)).toBe('pending');
    for (const status of [...CHANGE_REQUEST_STATUSES, 'all']) expect(changeRequestStatusFilter.parse(status)).toBe(status);
    expect(changeRequestStatusFilter.safeParse('decided').success).toBe(false);
  });
});
