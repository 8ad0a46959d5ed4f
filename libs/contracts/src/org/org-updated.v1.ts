import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { orgSnapshot } from './org-snapshot.js';

export const orgUpdatedV1 = defineEvent({
  subject: 'org.updated',
  version: 1,
  stream: 'ORG',
  schema: orgSnapshot.extend({ changedFields: z.array(z.string()) }),
  description: 'an organisation’s information changed (applied directly or by an approved request)',
});
