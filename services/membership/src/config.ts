import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the membership service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8083, database: 'zhtj_membership' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** How often the background real-name check looks for unverified members. */
  IDENTITY_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
});
export type Config = z.infer<typeof configSchema>;
