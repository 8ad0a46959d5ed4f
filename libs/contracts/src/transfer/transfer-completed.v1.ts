import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferCompletedV1 = defineEvent({
  subject: 'transfer.completed',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'the member now belongs to the target branch',
});
