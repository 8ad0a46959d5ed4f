import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferExpiredV1 = defineEvent({
  subject: 'transfer.expired',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot,
  description: 'an open transfer passed its deadline without a decision',
});
