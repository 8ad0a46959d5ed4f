import { z } from 'zod';
import { uuid } from '../common.js';
import { defineCommand } from './define.js';

/** identity → organization: spend an admin registration code for the org the person chose. */
export const registrationCodeRedeemV1 = defineCommand({
  subject: 'organization.registration_code.redeem',
  version: 1,
  request: z.object({ orgId: uuid, code: z.string().min(1).max(64), accountId: uuid }),
  reply: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), orgId: uuid, orgName: z.string() }),
    z.object({
      ok: z.literal(false),
      code: z.enum(['REGISTRATION_CODE_MISMATCH', 'REGISTRATION_CODE_USED', 'REGISTRATION_CODE_EXPIRED', 'ORG_NOT_FOUND']),
      orgName: z.string().optional(),
    }),
  ]),
  timeoutMs: 3000,
  description: 'atomically marks the code used; of two concurrent redemptions exactly one succeeds',
});
