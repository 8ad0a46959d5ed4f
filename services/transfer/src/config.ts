import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the transfer service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8084, database: 'zhtj_transfer' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** Days an open transfer waits for a decision (or an assignment) before it expires. */
  TRANSFER_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
});
export type Config = z.infer<typeof configSchema>;
