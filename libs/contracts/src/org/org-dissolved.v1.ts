import { defineEvent } from '../events/define.js';
import { orgSnapshot } from './org-snapshot.js';

export const orgDissolvedV1 = defineEvent({
  subject: 'org.dissolved',
  version: 1,
  stream: 'ORG',
  schema: orgSnapshot,
  description: 'an organisation was dissolved; it keeps its id and history but takes no new members',
});
