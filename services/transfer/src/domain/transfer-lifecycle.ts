import type { OrgType, TransferStatus } from '@zhtj/contracts';

/**
 * A transfer's lifecycle as one table: for each status, the actions it allows and the status each
 * leads to. Use cases and event handlers ask `next` (or `allows`); nothing else compares statuses.
 *
 *   pending ──approve──▶ approved (to a branch) | awaiting_assignment (to a higher org)
 *   pending ──reject / cancel / expire──▶ rejected / cancelled / expired
 *   awaiting_assignment ──assign──▶ approved      ──expire──▶ expired
 *   approved ──complete──▶ completed (membership moved the member)   ──fail──▶ failed
 */
export type { TransferStatus };

export type TransferAction = 'approve' | 'reject' | 'cancel' | 'assign' | 'complete' | 'fail' | 'expire';

/** What decides a step's outcome besides the status: an approval to a higher org waits for a branch. */
export interface TransferFacts {
  toOrgType: OrgType;
}

type Step = TransferStatus | ((facts: TransferFacts) => TransferStatus);

/** Where every transfer starts: waiting for the approvers the routing names. */
export const INITIAL_STATUS: TransferStatus = 'pending';

const LIFECYCLE: Record<TransferStatus, Partial<Record<TransferAction, Step>>> = {
  pending: {
    approve: ({ toOrgType }) => (toOrgType === 'branch' ? 'approved' : 'awaiting_assignment'),
    reject: 'rejected',
    cancel: 'cancelled',
    expire: 'expired',
  },
  awaiting_assignment: { assign: 'approved', expire: 'expired' },
  approved: { complete: 'completed', fail: 'failed' },
  completed: {},
  rejected: {},
  cancelled: {},
  expired: {},
  failed: {},
};

export const TRANSFER_STATUSES = Object.keys(LIFECYCLE) as TransferStatus[];

/** Whether `action` may be taken on a transfer in `status`. */
export function allows(status: TransferStatus, action: TransferAction): boolean {
  return LIFECYCLE[status][action] !== undefined;
}

/** The status `action` leads to from `status`, or null when the lifecycle refuses it. */
export function next(status: TransferStatus, action: TransferAction, facts: TransferFacts): TransferStatus | null {
  const step = LIFECYCLE[status][action];
  if (step === undefined) return null;
  return typeof step === 'function' ? step(facts) : step;
}

/** Statuses that allow no action: the transfer is over and no longer holds the member. */
export const CLOSED_STATUSES: readonly TransferStatus[] = TRANSFER_STATUSES.filter((s) => Object.keys(LIFECYCLE[s]).length === 0);

/** Statuses in which a transfer still holds the member: at most one such per member. */
export const OPEN_STATUSES: readonly TransferStatus[] = TRANSFER_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));

/** The statuses an action may be taken from (e.g. which transfers the expiry sweep looks at). */
export const statusesAllowing = (action: TransferAction): TransferStatus[] => TRANSFER_STATUSES.filter((s) => allows(s, action));

export const STATUS_LABELS: Record<TransferStatus, string> = {
  pending: '待审批',
  approved: '已审批',
  awaiting_assignment: '待分配团支部',
  completed: '已完成',
  rejected: '已驳回',
  cancelled: '已撤回',
  expired: '已过期',
  failed: '未能完成',
};
