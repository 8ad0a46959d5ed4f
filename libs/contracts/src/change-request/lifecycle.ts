/**
 * A change request's lifecycle (an org's info for its superior, a member's own info for the
 * branch) as one table: pending → approved | rejected, and nothing after. Pure: service-kit's
 * change-request store and the portal read the same statuses and labels.
 */
export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];
export type ChangeRequestAction = 'approve' | 'reject';

const LIFECYCLE: Record<ChangeRequestStatus, Partial<Record<ChangeRequestAction, ChangeRequestStatus>>> = {
  pending: { approve: 'approved', reject: 'rejected' },
  approved: {},
  rejected: {},
};

export const CHANGE_REQUEST_INITIAL_STATUS: ChangeRequestStatus = 'pending';

export const CHANGE_REQUEST_STATUS_LABELS: Record<ChangeRequestStatus, string> = {
  pending: '待审批',
  approved: '已通过',
  rejected: '已驳回',
};

/** The status `action` leads to from `status`, or null when the request was decided already. */
export function nextChangeRequestStatus(status: ChangeRequestStatus, action: ChangeRequestAction): ChangeRequestStatus | null {
  return LIFECYCLE[status][action] ?? null;
}

/** Whether a request in `status` may still be decided (approved or rejected). */
export const isUndecided = (status: ChangeRequestStatus): boolean => Object.keys(LIFECYCLE[status]).length > 0;

/** The statuses a decision may be taken from: what a decision's conditional write matches. */
export const decidableStatuses = (): ChangeRequestStatus[] => CHANGE_REQUEST_STATUSES.filter(isUndecided);
