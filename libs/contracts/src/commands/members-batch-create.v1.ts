import { z } from 'zod';
import { uuid } from '../common.js';
import { defineCommand } from './define.js';
import { memberInput } from '../http/members.js';

export const MEMBER_BATCH_LIMIT = 1000;

const rowResult = z.discriminatedUnion('status', [
  z.object({ row: z.number().int(), status: z.literal('created'), memberId: uuid }),
  z.object({
    row: z.number().int(),
    status: z.literal('failed'),
    /** An error code of libs/contracts (MEMBER_ALREADY_EXISTS, ID_NUMBER_INVALID, REQUIRED …). */
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
  }),
]);

/**
 * One row of a batch: its number in the file, the person, and for cadres the position. A row
 * that does not fit it must never be sent — it would fail the whole batch's request — so the
 * import worker checks each row against this very schema first and fails that row alone.
 */
export const memberBatchRow = z.object({
  row: z.number().int().min(0),
  member: memberInput,
  cadre: z
    .object({ position: z.string().max(20), since: z.string().max(20), nature: z.string().max(10) })
    .partial()
    .optional(),
});

/**
 * import → membership: create up to 1,000 members (or branch cadres) of one branch, answered per
 * row. Repeating a request with the same batchId changes nothing and gets the same answer.
 */
export const membersBatchCreateV1 = defineCommand({
  subject: 'membership.members.batch_create',
  version: 1,
  request: z.object({
    batchId: uuid,
    branchId: uuid,
    kind: z.enum(['member', 'cadre']),
    importJobId: z.string().max(64).optional(),
    actor: z.object({ accountId: z.string().min(1) }),
    rows: z.array(memberBatchRow).min(1).max(MEMBER_BATCH_LIMIT),
  }),
  reply: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), results: z.array(rowResult) }),
    z.object({ ok: z.literal(false), code: z.enum(['ORG_NOT_FOUND', 'MEMBER_NOT_IN_BRANCH', 'ORG_NOT_ACTIVE']) }),
  ]),
  timeoutMs: 60_000,
  description: 'bulk-creates members of one branch with per-row results; idempotent by batchId',
});
