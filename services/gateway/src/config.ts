import { z } from 'zod';
import { importMaxFileBytesVariable } from '@zhtj/contracts';
import { baseConfigSchema, portVariable, redisConfigSchema, trustedProxiesVariable } from '@zhtj/service-kit';

const serviceUrl = (port: number) => z.string().url().default(`http://127.0.0.1:${port}`);

/** The gateway owns no database: Redis for limits and short caches, and the services' URLs. */
export const configSchema = baseConfigSchema.extend(redisConfigSchema.shape).extend({
  GATEWAY_PORT: portVariable(8080),
  /** The gateway's port is public: its metrics are on a port of their own, never the API's. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9080),
  IDENTITY_URL: serviceUrl(8081),
  ORGANIZATION_URL: serviceUrl(8082),
  MEMBERSHIP_URL: serviceUrl(8083),
  TRANSFER_URL: serviceUrl(8084),
  IMPORT_URL: serviceUrl(8085),
  NOTIFICATION_URL: serviceUrl(8088),
  STATISTICS_URL: serviceUrl(8089),
  /** The largest workbook import accepts: set it as import's, and an upload's body passes up to it. */
  IMPORT_MAX_FILE_BYTES: importMaxFileBytesVariable,
  /** identity's public keys: the gateway verifies tokens before calling a service. */
  JWKS_URL: z.string().url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** The portal's server, whose pages the gateway serves on its own origin; none by default (an ingress may route them). */
  PORTAL_URL: z.string().url().optional(),
  /** Browser origins allowed to call the API (comma-separated); none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /**
   * The load balancers or ingress controllers in front of the gateway (CIDRs): the client is the
   * right-most X-Forwarded-For entry that is not one of them. None by default: the socket's address.
   */
  TRUSTED_PROXIES: trustedProxiesVariable(''),
  /**
   * Requests without a token per client address, and per signed-in account: token buckets of
   * BURST at once, refilled at PER_MIN — sized so that a school behind one NAT address is not
   * throttled as one client.
   */
  RATE_LIMIT_ANONYMOUS_PER_MIN: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_ANONYMOUS_BURST: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_ACCOUNT_PER_MIN: z.coerce.number().int().min(1).default(1200),
  RATE_LIMIT_ACCOUNT_BURST: z.coerce.number().int().min(1).default(600),
  /** How long /api/v1/status waits for each service's /readyz. */
  STATUS_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
});
export type Config = z.infer<typeof configSchema>;
