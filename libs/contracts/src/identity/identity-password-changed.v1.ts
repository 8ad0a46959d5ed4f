import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const identityPasswordChangedV1 = defineEvent({
  subject: 'identity.password_changed',
  version: 1,
  stream: 'IDENTITY',
  schema: z.object({ accountId: uuid, via: z.enum(['change', 'reset']) }),
  description: 'an account’s password was changed or reset; its refresh tokens were revoked',
});
