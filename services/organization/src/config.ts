import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the organization service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8082, database: 'zhtj_organization' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  REGISTRATION_CODE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});
export type Config = z.infer<typeof configSchema>;
