import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { unavailableDependency } from '@zhtj/bus';
import { DeadlinePassedError, isTimeLimitError } from '@zhtj/store';
import { AppError } from '@zhtj/contracts';
import { checkReadiness, type ReadinessCheck } from '../health.js';
import { metricsMiddleware, type ServiceMetrics } from '../metrics.js';
import { problemResponse } from './problem-response.js';
import { requestBudget, type SheddingLimits } from './request-budget.js';
import { requestLogger } from './request-logger.js';
import { requestIdMiddleware } from './request-id.js';

export interface HttpAppOptions {
  /** Named in a 503 when a backing server is unreachable ("membership 服务暂时不可用"). */
  serviceName?: string;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: readonly ReadinessCheck[];
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Routes that take more than bodyLimitBytes (file uploads), each with its own limit. */
  largeBodies?: readonly LargeBodyRoute[];
  /** Set while shutting down: /readyz then answers 503 so load balancers stop sending traffic. */
  isShuttingDown?: () => boolean;
  /** Serve /metrics on this app (default); false when it has a port of its own (METRICS_PORT). */
  metricsRoute?: boolean;
  /** Budgets and load shedding (request-budget.ts); none when not given (the gateway, tests). */
  shedding?: SheddingLimits;
}

export type AppEnv = { Variables: { requestId: string } };

export interface LargeBodyRoute {
  method: string;
  /** Matched against the request path. */
  path: RegExp;
  maxBytes: number;
  /** The error to answer with when the body is larger; PAYLOAD_TOO_LARGE by default. */
  code?: 'PAYLOAD_TOO_LARGE' | 'IMPORT_FILE_TOO_LARGE';
}

/**
 * The hono app every service starts from: request ids, access log, metrics, a body limit,
 * problem+json for every error, and `/healthz`, `/readyz`, `/metrics`. The service mounts its
 * own routes on it.
 *
 * @example
 * const app = createHttpApp({ logger, metrics, readiness, bodyLimitBytes: 1 << 20 });
 * app.route('/members', membersRoutes(deps));
 */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function createHttpApp(options: HttpAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestIdMiddleware());
  app.use(requestLogger({ logger: options.logger }));
  app.use(metricsMiddleware(options.metrics));
  const budget = options.shedding
    ? requestBudget({
        service: options.serviceName ?? 'service',
        limits: options.shedding,
        registry: options.metrics.registry,
        exempt: (path) => PROBES.has(path),
      })
    : undefined;
  if (budget) app.use(budget.middleware);
  // One limit per request, counted on the stream (hono's bodyLimit), never by buffering.
  const defaultLimit = limitMiddleware(options.bodyLimitBytes, 'PAYLOAD_TOO_LARGE');
  const large = (options.largeBodies ?? []).map((route) => ({
    route,
    middleware: limitMiddleware(route.maxBytes, route.code ?? 'PAYLOAD_TOO_LARGE'),
  }));
  app.use((c, next) => {
    // A GET has no body to count; asking would make node-server build the whole WHATWG Request.
    if (BODILESS_METHODS.has(c.req.method)) return next();
    const match = large.find(({ route }) => route.method === c.req.method && route.path.test(c.req.path));
    return (match?.middleware ?? defaultLimit)(c, next);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    if (options.isShuttingDown?.()) return c.json({ ready: false, checks: {}, shuttingDown: true }, 503);
    const report = await checkReadiness(options.readiness);
    const load = budget?.busy();
    // A backing server that is slow to answer the check because this process is working through
    // its queue is busy, not down: the instance stays in the load balancer (it sheds the excess).
    const onlySlow = Object.values(report.checks).every((r) => r.ok || /no answer within/.test(r.error ?? ''));
    if (!report.ready && load?.busy && onlySlow) return c.json({ ...report, ready: true, busy: true, load }, 200);
    return c.json({ ...report, ...(load ? { busy: load.busy, load } : {}) }, report.ready ? 200 : 503);
  });
  if (options.metricsRoute ?? true) app.get('/metrics', metricsHandler(options.metrics));

  app.notFound((c) => problemResponse(c, new AppError('NOT_FOUND')));
  app.onError((error, c) => handleError(error, c, options.logger, options.serviceName ?? 'service'));
  return app;
}

/** `GET /metrics`: the Prometheus text of the service's registry. */
export function metricsHandler(metrics: ServiceMetrics) {
  return async (c: Context) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
}

function limitMiddleware(maxBytes: number, code: 'PAYLOAD_TOO_LARGE' | 'IMPORT_FILE_TOO_LARGE') {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      // The rest of the body was never read, so this connection cannot carry another request:
      // say so, or a keep-alive client sends its next request into a socket about to close.
      throw new AppError(code, { params: { limit: formatBytes(maxBytes) }, headers: { connection: 'close' } });
    },
  });
}

function handleError(error: Error, c: Context, logger: Logger, serviceName: string): Response {
  if (error instanceof AppError) return problemResponse(c, error);
  // Work its caller has stopped waiting for was cut short (maxTimeMS, or not started at all).
  if (error instanceof DeadlinePassedError || isTimeLimitError(error)) {
    return problemResponse(
      c,
      new AppError('SERVICE_BUSY', { params: { service: serviceName }, headers: { 'retry-after': '1' } }),
    );
  }
  const down = unavailableDependency(error);
  if (down) {
    logger.warn(
      { err: error, dependency: down, requestId: c.get('requestId' as never), path: c.req.path },
      `${down} unreachable`,
    );
    return problemResponse(
      c,
      new AppError('SERVICE_UNAVAILABLE', { params: { service: serviceName }, headers: { 'retry-after': '5' }, cause: error }),
    );
  }
  if (error instanceof HTTPException) {
    const code =
      error.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : error.status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : error.status === 404
            ? 'NOT_FOUND'
            : error.status === 405
              ? 'METHOD_NOT_ALLOWED'
              : error.status < 500
                ? 'VALIDATION_FAILED'
                : 'INTERNAL';
    return problemResponse(c, new AppError(code, { params: { limit: '', expected: 'application/json' } }));
  }
  logger.error({ err: error, requestId: c.get('requestId' as never), path: c.req.path }, 'unhandled error');
  return problemResponse(c, new AppError('INTERNAL'));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
