import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const identityAdminRegisteredV1 = defineEvent({
  subject: 'identity.admin_registered',
  version: 1,
  stream: 'IDENTITY',
  schema: z.object({ accountId: uuid, orgId: uuid, name: z.string().min(1) }),
  description: 'a person registered as an organisation’s administrator with its registration code',
});
