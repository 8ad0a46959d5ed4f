import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const identityAccountCreatedV1 = defineEvent({
  subject: 'identity.account_created',
  version: 1,
  stream: 'IDENTITY',
  schema: z.object({ accountId: uuid, memberId: uuid.nullable(), mustChangePassword: z.boolean() }),
  description: 'an account exists for a person (created from member.created or by registration)',
});
