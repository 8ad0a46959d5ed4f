import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferApprovedV1 = defineEvent({
  subject: 'transfer.approved',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'a transfer was approved; when targetBranchId is set, membership moves the member',
});
