import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { memberPlacement, memberProfile } from './member-snapshot.js';

export const memberUpdatedV1 = defineEvent({
  subject: 'member.updated',
  version: 1,
  stream: 'MEMBER',
  schema: memberPlacement.extend({
    name: z.string().min(1),
    changedFields: z.array(z.string()),
    /** The profile after the change. */
    profile: memberProfile.optional(),
  }),
  description: 'a member’s information changed',
});
