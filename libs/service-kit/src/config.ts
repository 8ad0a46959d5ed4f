import { z } from 'zod';
import { parseTrustedProxies } from './http/client-address.js';

/** Variables every service reads. Each service extends this with its own in src/config.ts. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of subjects, streams, databases and keys; set by tests and `npm start`, never in production. */
  BUS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * The interface to listen on: loopback by default, so that in development nothing but the
   * gateway (and the developer) reaches a service; containers set 0.0.0.0.
   */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * When set, /metrics is served on this port only, not on the service's own: for the gateway,
   * whose port is public (0: any free port, for tests).
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /**
   * Load a process takes: requests of one class (reads, writes) handled at once — by default 16,
   * or twice the store's connections where that is less (2 on a FerretDB held to one), since more
   * would only wait in the driver out of the budget's reach — and waiting; beyond, or when a request could not get its
   * turn within its budget, 503 SERVICE_BUSY at once.
   */
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(10_000).optional(),
  MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(64),
  /** A request's budget when its caller names none (x-request-timeout-ms), and the most a caller may ask. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  MAX_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(120_000),
});

/**
 * Proxies whose X-Forwarded-For is believed (comma-separated CIDRs or addresses): for the gateway
 * the load balancer or ingress in front of it, for a service the gateway. A bad entry stops the
 * service at start.
 */
export const trustedProxiesVariable = (defaults: string) =>
  z
    .string()
    .default(defaults)
    .transform((list, ctx) => {
      try {
        return parseTrustedProxies(list);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

export const portVariable = (defaultPort: number) => z.coerce.number().int().min(1).max(65_535).default(defaultPort);

/** Connection to the service's own MongoDB database. */
export const mongoConfigSchema = z.object({
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a mongodb:// or mongodb+srv:// URL'),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
  /** Connections to the store: by default 100 on MongoDB, 8 on the testkit's FerretDB (1 on another FerretDB, always). */
  MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
});
export const natsConfigSchema = z.object({
  NATS_URL: z.string().regex(/^(nats|tls):\/\/\S+$/, 'one or more nats:// URLs, comma-separated'),
  /** Copies of each JetStream stream: 1 on one server, 3 on a three-server cluster; the same in every service. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
});
export const redisConfigSchema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL'),
});

/**
 * The env schema of a service that uses MongoDB, NATS and Redis: the base variables, `PORT`
 * and `MONGO_DB` with the service's defaults. Extend it with the service's own variables.
 *
 * @example
 * export const configSchema = backendConfigSchema({ port: 8083, database: 'zhtj_membership' });
 */
export function backendConfigSchema(defaults: { port: number; database: string }) {
  return baseConfigSchema
    .extend(mongoConfigSchema.shape)
    .extend(natsConfigSchema.shape)
    .extend(redisConfigSchema.shape)
    .extend({ PORT: portVariable(defaults.port), MONGO_DB: mongoConfigSchema.shape.MONGO_DB.default(defaults.database) });
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Parses the environment against a schema. Empty strings count as unset (compose files often
 * write `FOO=`). Throws a ConfigError naming every bad variable.
 *
 * @example
 * export const config = loadConfig(configSchema);
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.join('.') || '(environment)',
      message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
    })),
  );
}
