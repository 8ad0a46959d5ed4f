import { z } from 'zod';
import { nameText } from '../text-policy.js';
import { uuid, pageLimit } from '../common.js';

/** Why a member's organisational relationship moves: the product's list; `other` needs words. */
export const TRANSFER_REASONS = [
  { code: 'study', label: '升学' },
  { code: 'employed_with_league', label: '已落实工作单位（有团组织）' },
  { code: 'employed_without_league', label: '已落实工作单位（无团组织）' },
  { code: 'not_employed', label: '未落实就业' },
  { code: 'military', label: '参军入伍' },
  { code: 'abroad', label: '出国（境）' },
  { code: 'job_change', label: '工作调动' },
  { code: 'other', label: '其他' },
] as const;
export type TransferReasonCode = (typeof TRANSFER_REASONS)[number]['code'];

const reason = z.object({ code: z.string().max(40), text: z.string().max(200).optional() }).strict();

/** POST /transfers: transfer-in names the member by exact name and ID number; transfer-out by id. */
export const createTransferBody = z.discriminatedUnion('direction', [
  z
    .object({
      direction: z.literal('in'),
      toBranchId: uuid,
      memberName: nameText({ max: 40 }),
      memberIdNumber: z.string().trim().min(1).max(32),
      reason,
    })
    .strict(),
  z.object({ direction: z.literal('out'), memberId: uuid, toOrgId: uuid, reason }).strict(),
]);
export type CreateTransferBody = z.infer<typeof createTransferBody>;

export const assignTransferBody = z.object({ branchId: uuid }).strict();

export const transferListQuery = z.object({
  orgId: uuid.optional(),
  status: z
    .enum(['pending', 'approved', 'awaiting_assignment', 'completed', 'rejected', 'cancelled', 'expired', 'failed', 'open'])
    .optional(),
  awaiting: z.literal('me').optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit,
});
