import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const memberRemovedV1 = defineEvent({
  subject: 'member.removed',
  version: 1,
  stream: 'MEMBER',
  schema: z.object({ id: uuid, branchId: uuid, version: z.number().int() }),
  description: 'a member record was removed (e.g. to correct a wrong ID number)',
});
