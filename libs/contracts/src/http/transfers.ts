import { z } from 'zod';
import { nameText } from '../text-policy.js';
import { uuid, pageLimit } from '../common.js';
import { transferStatus } from '../transfer/transfer-snapshot.js';

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
  /** A status, or `open` for every status not yet closed. */
  status: z.enum([...transferStatus.options, 'open']).optional(),
  awaiting: z.literal('me').optional(),
  /** `about=me`: the transfers of the caller's own member record (我的 — my transfer's status). */
  about: z.literal('me').optional(),
  cursor: z.string().max(200).optional(),
  limit: pageLimit,
});

const orgRef = z.object({ id: z.string(), name: z.string().nullable() });

/** A transfer as the API shows it (transfer's toTransferView). */
export const transferView = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  member: z.object({ id: z.string(), name: z.string() }),
  fromBranch: orgRef.nullable(),
  toOrg: orgRef.extend({ type: z.string() }),
  /** The branch a committee, working committee or general branch assigned (null while it has not, or for a branch). */
  assignedBranch: orgRef.nullable(),
  reason: z.object({ code: z.string(), text: z.string().nullish() }),
  status: transferStatus,
  /** The orgs whose admins may act on it now. */
  awaitingOrgIds: z.array(z.string()),
  requestedBy: z.looseObject({ accountId: z.string(), name: z.string().optional() }),
  expiresAt: z.string(),
  history: z.array(
    z.object({
      at: z.string(),
      action: z.enum(['requested', 'approved', 'assigned', 'completed', 'rejected', 'cancelled', 'expired', 'failed']),
      by: z.looseObject({ accountId: z.string(), name: z.string().optional() }).nullable(),
      comment: z.string().nullish(),
    }),
  ),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TransferViewBody = z.infer<typeof transferView>;
