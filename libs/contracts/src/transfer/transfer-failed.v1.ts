import { z } from 'zod';
import { defineEvent } from '../events/define.js';
import { transferSnapshot } from './transfer-snapshot.js';

export const transferFailedV1 = defineEvent({
  subject: 'transfer.failed',
  version: 1,
  stream: 'TRANSFER',
  schema: transferSnapshot.extend({ reason: z.string() }),
  description: 'membership could not move the member; the transfer ended without a change',
});
