import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/**
 * One log line per request: method, route path (never the query string, which may hold
 * names or numbers), status, duration and request id.
 */
export function requestLogger(options: { logger: Logger; skipPaths?: string[] }): MiddlewareHandler {
  const skip = new Set(options.skipPaths ?? ['/healthz', '/readyz', '/metrics']);
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    if (skip.has(c.req.path)) return;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const status = c.res.status;
    const line = { requestId: c.get('requestId' as never), method: c.req.method, path: c.req.path, status, durationMs };
    if (status >= 500) options.logger.error(line, 'request failed');
    else options.logger.info(line, 'request');
  };
}
