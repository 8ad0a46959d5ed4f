import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';
import { cadrePost } from './member-snapshot.js';

export const memberCadreAppointedV1 = defineEvent({
  subject: 'member.cadre_appointed',
  version: 1,
  stream: 'MEMBER',
  schema: cadrePost.extend({
    /** The post's id. */
    id: uuid,
    orgId: uuid,
    /** The org's ancestors, root first. */
    orgAncestors: z.array(uuid),
    /** The member holding it, or null for a person recorded by name and ID number. */
    memberId: uuid.nullable(),
  }),
  description: 'a cadre post was recorded at an org (团干部), by its managers',
});
