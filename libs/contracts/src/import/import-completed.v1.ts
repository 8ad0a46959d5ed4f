import { z } from 'zod';
import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';

export const importCompletedV1 = defineEvent({
  subject: 'import.completed',
  version: 1,
  stream: 'IMPORT',
  schema: z.object({
    jobId: uuid,
    orgId: uuid,
    kind: z.enum(['members', 'cadres']),
    total: z.number().int().min(0),
    succeeded: z.number().int().min(0),
    failed: z.number().int().min(0),
  }),
  description: 'an import job finished; failed rows are in its failure workbook',
});
