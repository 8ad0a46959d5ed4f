import { z } from 'zod';
import { uuid } from '../common.js';
import { defineCommand } from './define.js';

/** The answer about a code for the org the person chose: that org, or why not (naming only that org). */
const codeReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), orgId: uuid, orgName: z.string() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['REGISTRATION_CODE_MISMATCH', 'REGISTRATION_CODE_USED', 'REGISTRATION_CODE_EXPIRED', 'ORG_NOT_FOUND']),
    orgName: z.string().optional(),
  }),
]);

/** identity → organization: spend an admin registration code for the org the person chose. */
export const registrationCodeRedeemV1 = defineCommand({
  subject: 'organization.registration_code.redeem',
  version: 1,
  request: z.object({ orgId: uuid, code: z.string().min(1).max(64), accountId: uuid }),
  reply: codeReply,
  timeoutMs: 3000,
  description:
    'atomically marks the code used; of two concurrent redemptions exactly one succeeds; redeeming again for the same account answers ok (a retry after a lost answer)',
});

/**
 * identity → organization: would this code be redeemed for the org, without spending it. identity
 * proves the code before it says anything about the person's account (whether it exists, whether
 * the password is right), and spends it only after.
 */
export const registrationCodeCheckV1 = defineCommand({
  subject: 'organization.registration_code.check',
  version: 1,
  request: z.object({
    orgId: uuid,
    code: z.string().min(1).max(64),
    /** The account a redemption would be for: a code already spent for it answers ok (a retry). */
    accountId: uuid.optional(),
  }),
  reply: codeReply,
  timeoutMs: 3000,
  description: 'the redeem command’s answer for the code now, with nothing spent',
});
