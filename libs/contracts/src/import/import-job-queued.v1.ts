import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const importJobQueuedV1 = defineEvent({
  subject: 'import_jobs.queued',
  version: 1,
  stream: 'IMPORT_JOBS',
  schema: z.object({ jobId: uuid }),
  description: 'work item on the import work queue: exactly one worker takes it',
});
