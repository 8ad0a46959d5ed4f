import { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the statistics service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8089, database: 'zhtj_statistics' }).extend({
  /** identity's public keys, to verify callers' access tokens. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** How often the age-band sweep looks for members whose band changes today (it costs nothing when none do). */
  AGE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** The writer's lease in Redis: one replica writes the figures, renewing it every third of this. */
  WRITER_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
});
export type Config = z.infer<typeof configSchema>;
