import { z } from 'zod';
import { baseConfigSchema, portVariable, redisConfigSchema } from '@zhtj/service-kit';

const serviceUrl = (port: number) => z.string().url().default(`http://127.0.0.1:${port}`);

/** The gateway owns no database: Redis for limits and short caches, and the services' URLs. */
export const configSchema = baseConfigSchema.extend(redisConfigSchema.shape).extend({
  GATEWAY_PORT: portVariable(8080),
  IDENTITY_URL: serviceUrl(8081),
  ORGANIZATION_URL: serviceUrl(8082),
  MEMBERSHIP_URL: serviceUrl(8083),
  TRANSFER_URL: serviceUrl(8084),
  IMPORT_URL: serviceUrl(8085),
  /** How long /api/v1/status waits for each service's /readyz. */
  STATUS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
});
export type Config = z.infer<typeof configSchema>;
