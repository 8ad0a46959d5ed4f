import { z } from 'zod';
import { uuid } from '../common.js';
import { defineCommand } from './define.js';

/**
 * identity → membership: where a member is now, as membership knows it. identity decides who may
 * issue a member's password-reset code from this answer, never from its own copy of the branch
 * (a copy that lags a transfer or a removal would let a former branch's admin take the account).
 */
export const memberLocateV1 = defineCommand({
  subject: 'membership.member.locate',
  version: 1,
  request: z.object({ memberId: uuid }),
  reply: z.discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      memberId: uuid,
      /** identity keys the member's account by it; the subject is internal and never logged. */
      idNumber: z.string().length(18),
      branchId: uuid,
      /** The branch's ancestors, root first. */
      branchAncestors: z.array(uuid),
    }),
    z.object({ ok: z.literal(false), code: z.literal('MEMBER_NOT_FOUND') }),
  ]),
  timeoutMs: 3000,
  description: 'the member’s current branch and ID number; a removed member is not found',
});
