import { z } from 'zod';
import { uuid } from '../common.js';

/** Every status a transfer can be in: the one list (transfer's domain/transfer-lifecycle.ts is the table over it). */
export const transferStatus = z.enum([
  'pending',
  'approved',
  'awaiting_assignment',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'failed',
]);
export type TransferStatus = z.infer<typeof transferStatus>;

export const transferSnapshot = z.object({
  id: uuid,
  direction: z.enum(['in', 'out']),
  memberId: uuid,
  /** The member's name as the transfer recorded it, for messages about it; absent from events written before 2026-12-03. */
  memberName: z.string().min(1).optional(),
  fromBranchId: uuid,
  toOrgId: uuid,
  /** The branch the member ends up in: the target itself when it is a branch, else the assigned one. */
  targetBranchId: uuid.nullable(),
  reasonCode: z.string(),
  status: transferStatus,
  version: z.number().int().min(1),
});
export type TransferSnapshot = z.infer<typeof transferSnapshot>;
