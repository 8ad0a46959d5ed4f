import { defineEvent } from '../events/define.js';
import { orgSnapshot } from './org-snapshot.js';

export const orgCreatedV1 = defineEvent({
  subject: 'org.created',
  version: 1,
  stream: 'ORG',
  schema: orgSnapshot,
  description: 'an organisation was created under its parent',
});
