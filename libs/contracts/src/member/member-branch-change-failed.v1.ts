import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const memberBranchChangeFailedV1 = defineEvent({
  subject: 'member.branch_change_failed',
  version: 1,
  stream: 'MEMBER',
  schema: z.object({
    memberId: uuid,
    transferId: uuid,
    code: z.enum(['MEMBER_NOT_FOUND', 'MEMBER_MOVED', 'BRANCH_NOT_ACTIVE']),
    reason: z.string(),
  }),
  description: 'membership could not apply a completed transfer; the transfer ends failed',
});
