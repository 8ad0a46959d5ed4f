import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { memberPlacement } from './member-snapshot.js';

export const memberUpdatedV1 = defineEvent({
  subject: 'member.updated',
  version: 1,
  stream: 'MEMBER',
  schema: memberPlacement.extend({ name: z.string().min(1), changedFields: z.array(z.string()) }),
  description: 'a member’s information changed',
});
