import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferRejectedV1 = defineEvent({
  subject: 'transfer.rejected',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot.extend({ reason: z.string() }),
  description: 'a transfer was rejected with a comment',
});
