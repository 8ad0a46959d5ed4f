import { z } from 'zod';
import { importMaxFileBytesVariable, MEMBER_BATCH_LIMIT } from '@zhtj/contracts';
import { backendConfigSchema } from '@zhtj/service-kit';

const MiB = 1024 * 1024;

/** Environment of the import service (API and workers); anything malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8085, database: 'zhtj_import' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** Largest workbook accepted for upload; the gateway reads the same variable. */
  IMPORT_MAX_FILE_BYTES: importMaxFileBytesVariable,
  /** Most data rows one import may hold. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(200_000),
  /** A workbook whose parts expand beyond this is refused unread (zip bombs). */
  IMPORT_MAX_EXPANDED_BYTES: z.coerce
    .number()
    .int()
    .min(MiB)
    .default(400 * MiB),
  /** The worker process's health and metrics port. */
  IMPORT_WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(8086),
  /** Jobs one worker process runs at once; scale out with more processes, not this. */
  IMPORT_JOBS_PER_WORKER: z.coerce.number().int().min(1).max(8).default(1),
  /** Rows per batch-create command sent to membership. */
  IMPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(MEMBER_BATCH_LIMIT).default(MEMBER_BATCH_LIMIT),
  /** Batches of one job awaiting membership's answer at once (parsing goes on meanwhile). */
  IMPORT_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(8).default(2),
  /** Without a heartbeat for this long, a job goes to another worker. */
  IMPORT_ACK_WAIT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Deliveries of one job before it is marked failed and dead-lettered. */
  IMPORT_MAX_DELIVER: z.coerce.number().int().min(1).default(5),
});
export type Config = z.infer<typeof configSchema>;
