import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { memberPlacement, memberProfile } from './member-snapshot.js';

export const memberCreatedV1 = defineEvent({
  subject: 'member.created',
  version: 1,
  stream: 'MEMBER',
  // The ID number is here because identity keys the member's account by it; the stream is
  // internal and its consumers never log payloads.
  schema: memberPlacement.extend({
    name: z.string().min(1),
    idNumber: z.string().length(18),
    kind: z.enum(['member', 'cadre']),
    importJobId: z.string().optional(),
    profile: memberProfile.optional(),
  }),
  description: 'a member (or a branch cadre) was added to a branch, singly or by import',
});
