import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferRequestedV1 = defineEvent({
  subject: 'transfer.requested',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'a transfer was submitted and awaits approval',
});
