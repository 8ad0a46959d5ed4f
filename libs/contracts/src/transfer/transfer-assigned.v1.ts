import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferAssignedV1 = defineEvent({
  subject: 'transfer.assigned',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'the approving committee assigned the member to one of its branches; membership moves the member',
});
