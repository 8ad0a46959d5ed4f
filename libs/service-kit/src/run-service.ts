import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { Bus } from '@zhtj/bus';
import type { Redis } from 'ioredis';
import { ConfigError, loadConfig } from './config.js';
import { createHttpApp, metricsHandler, type AppEnv, type LargeBodyRoute } from './http/create-http-app.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { connectMongo, storeConcurrency } from '@zhtj/store';
import { connectRedis } from './redis.js';
import type { ReadinessCheck } from './health.js';
import { startTelemetry } from './telemetry.js';

interface BaseVariables {
  NODE_ENV: string;
  LOG_LEVEL: string;
  BUS_NAMESPACE?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  SHUTDOWN_TIMEOUT_MS: number;
  BODY_LIMIT_BYTES: number;
  HOST: string;
  METRICS_PORT?: number | undefined;
  MAX_CONCURRENT_REQUESTS?: number | undefined;
  MAX_QUEUED_REQUESTS: number;
  REQUEST_TIMEOUT_MS: number;
  MAX_REQUEST_TIMEOUT_MS: number;
  MONGO_URL?: string;
  MONGO_DB?: string;
  MONGO_POOL_SIZE?: number;
  NATS_URL?: string;
  NATS_STREAM_REPLICAS?: number;
  REDIS_URL?: string;
}

/**
 * What a service's start function gets: its config and the connections its config asks for. A
 * config schema with MONGO_URL (NATS_URL, REDIS_URL) — required, as backendConfigSchema and
 * redisConfigSchema make it — gets a Connection (a Bus, a Redis client), typed as present; one
 * without gets `undefined`, so using a connection the service did not ask for does not compile.
 */
export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  metrics: ServiceMetrics;
  mongo: C extends { MONGO_URL: string } ? Connection : undefined;
  bus: C extends { NATS_URL: string } ? Bus : undefined;
  redis: C extends { REDIS_URL: string } ? Redis : undefined;
  /** The app with health routes and error handling; mount routes on it. */
  app: Hono<AppEnv>;
}

/** Something a service started that must be stopped: a consumer, a relay, a timer. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Several stoppables stopped at once (e.g. a service's command servers), as one. */
export const together = (items: readonly Stoppable[]): Stoppable => ({
  stop: async () => {
    await Promise.all(items.map((item) => item.stop()));
  },
});

export interface StartedService {
  /** Extra readiness checks beyond the connections (e.g. a downstream the service cannot work without). */
  readiness?: ReadinessCheck[];
  /**
   * What the service started, each stopped in turn from the last to the first after HTTP has
   * stopped and before the connections close: list first what the others depend on (the outbox
   * relay, so that what a stopping consumer writes is still published; a projection the
   * consumers read). An undefined entry (something started only under some config) is skipped.
   */
  running?: ReadonlyArray<Stoppable | undefined>;
  /**
   * What holds requests open for as long as it runs (streams of server-sent events): ended as
   * soon as shutdown begins, so that HTTP's wait for in-flight requests can finish; a client
   * reconnects to another replica.
   */
  longLived?: ReadonlyArray<Stoppable>;
}

export interface ServiceDefinition<S extends z.ZodType> {
  name: string;
  configSchema: S;
  /** The config key holding the port (the gateway uses GATEWAY_PORT). */
  portKey?: string;
  start(context: ServiceContext<z.infer<S>>): Promise<StartedService | void>;
  /** Routes allowed larger bodies than BODY_LIMIT_BYTES (uploads), from the config. */
  largeBodies?(config: z.infer<S>): readonly LargeBodyRoute[];
  /** Budgets and load shedding for its requests (default); the gateway, which only forwards, has its own timeouts. */
  shedding?: boolean;
}

export interface RunningService {
  port: number;
  shutdown(reason: string): Promise<void>;
}

/**
 * The one way a service boots: config → telemetry → logger → Mongo → NATS → Redis → routes →
 * listen; and on SIGTERM/SIGINT the reverse within SHUTDOWN_TIMEOUT_MS: stop accepting, let
 * in-flight requests finish, stop consumers, drain NATS, close Mongo and Redis.
 *
 * @example
 * await runService({ name: 'membership', configSchema, start: async (ctx) => { … } });
 */
export async function runService<S extends z.ZodType>(definition: ServiceDefinition<S>): Promise<RunningService> {
  let config: z.infer<S> & BaseVariables;
  try {
    config = loadConfig(definition.configSchema) as z.infer<S> & BaseVariables;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${definition.name}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const telemetry = startTelemetry({ service: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const metrics = createMetrics(definition.name);
  const readiness: ReadinessCheck[] = [];
  let shuttingDown = false;
  let mongo: Connection | undefined;
  let bus: Bus | undefined;
  let redis: Redis | undefined;
  let server: ServerType | undefined;
  let metricsServer: ServerType | undefined;
  let started: StartedService | void = undefined;

  const fail = async (error: unknown) => {
    logger.fatal({ err: error }, 'start-up failed');
    await Promise.allSettled([bus?.drain(), mongo?.close(), redis?.quit()]);
    process.exit(1);
  };

  try {
    const namespace = config.BUS_NAMESPACE;
    if (config.MONGO_URL) {
      const database = namespace ? `${namespace}_${config.MONGO_DB}` : config.MONGO_DB!;
      mongo = await connectMongo({
        url: config.MONGO_URL,
        database,
        ...(config.MONGO_POOL_SIZE ? { poolSize: config.MONGO_POOL_SIZE } : {}),
      });
      const db = mongo;
      readiness.push({ name: 'mongo', check: () => db.db!.admin().ping() });
    }
    if (config.NATS_URL) {
      bus = await Bus.connect({
        url: config.NATS_URL,
        name: definition.name,
        namespace,
        logger,
        streamReplicas: config.NATS_STREAM_REPLICAS,
      });
      await bus.ensureStreams();
      const b = bus;
      readiness.push({ name: 'nats', check: () => b.ping() });
    }
    if (config.REDIS_URL) {
      redis = await connectRedis({
        url: config.REDIS_URL,
        keyPrefix: namespace ? `${namespace}:` : '',
        onError: (err) => logger.warn({ err }, 'Redis unreachable; reconnecting'),
      });
      const r = redis;
      readiness.push({ name: 'redis', check: () => r.ping() });
    }
    const app = createHttpApp({
      serviceName: definition.name,
      logger,
      metrics,
      readiness,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      largeBodies: definition.largeBodies?.(config) ?? [],
      isShuttingDown: () => shuttingDown,
      metricsRoute: config.METRICS_PORT === undefined,
      ...(definition.shedding === false
        ? {}
        : {
            shedding: {
              maxConcurrent: config.MAX_CONCURRENT_REQUESTS ?? (mongo ? Math.min(16, 2 * storeConcurrency(mongo)) : 16),
              maxQueued: config.MAX_QUEUED_REQUESTS,
              defaultTimeoutMs: config.REQUEST_TIMEOUT_MS,
              maxTimeoutMs: config.MAX_REQUEST_TIMEOUT_MS,
            },
          }),
    });
    // The connections made above are exactly those the config asked for, as ServiceContext types them.
    const context = { config, logger, metrics, mongo, bus, redis, app } as ServiceContext<z.infer<S>>;
    started = await definition.start(context);
    if (started?.readiness) readiness.push(...started.readiness);

    const port = Number((config as Record<string, unknown>)[definition.portKey ?? 'PORT']);
    server = await listen(app, port, config.HOST);
    if (config.METRICS_PORT !== undefined) {
      const metricsApp = new Hono().get('/metrics', metricsHandler(metrics));
      metricsServer = await listen(metricsApp as unknown as Hono<AppEnv>, config.METRICS_PORT, config.HOST);
    }
  } catch (error) {
    await fail(error);
    throw error;
  }

  const actualPort = (server.address() as AddressInfo).port;
  const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : undefined;
  logger.info({ host: config.HOST, port: actualPort, metricsPort }, `${definition.name} listening`);

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shutdownPromise ??= (async () => {
      shuttingDown = true;
      logger.info({ reason }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      deadline.unref();
      const closing = Promise.all([closeServer(server!), metricsServer ? closeServer(metricsServer) : undefined]);
      await Promise.allSettled((started?.longLived ?? []).map((item) => item.stop()));
      await closing;
      for (const item of [...(started?.running ?? [])].reverse()) {
        await item?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping a worker failed'));
      }
      await Promise.allSettled([bus?.drain(), mongo?.close(), redis?.quit()]);
      await telemetry.shutdown().catch(() => undefined);
      clearTimeout(deadline);
      logger.info('stopped');
    })();
    return shutdownPromise;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  return { port: actualPort, shutdown };
}

function listen(app: Hono<AppEnv>, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

/** Stops accepting, lets in-flight requests finish, and closes idle keep-alive connections. */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    const http = server as ServerType & { closeIdleConnections?: () => void };
    http.closeIdleConnections?.();
    // Connections that were busy become idle when their response ends; keep closing them.
    const sweep = setInterval(() => http.closeIdleConnections?.(), 100);
    sweep.unref();
    server.once('close', () => clearInterval(sweep));
  });
}
