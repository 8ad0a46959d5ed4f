import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferCancelledV1 = defineEvent({
  subject: 'transfer.cancelled',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'the requester withdrew a pending transfer',
});
