import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the notification service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8088, database: 'zhtj_notification' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** Read messages older than this are removed. */
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** A heartbeat comment on an idle message stream this often (and the caller's token checked again). */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /** A message stream ends after this long; the browser reconnects with Last-Event-ID. */
  STREAM_MAX_MS: z.coerce.number().int().min(1000).default(600_000),
});
export type Config = z.infer<typeof configSchema>;
