import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const orgSecretaryChangedV1 = defineEvent({
  subject: 'org.secretary_changed',
  version: 1,
  stream: 'ORG',
  // The secretary's ID number never travels on the bus; the name is shown on org pages.
  schema: z.object({ id: uuid, secretaryName: z.string().min(1), verified: z.boolean(), version: z.number().int() }),
  description: 'an organisation’s secretary was set or replaced',
});
