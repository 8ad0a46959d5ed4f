import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** A registry per service with process metrics and the HTTP histogram. */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpDuration };
}

/** Times each request under its route template (`/members/:id`), never the raw path. */
export function metricsMiddleware(metrics: ServiceMetrics): MiddlewareHandler {
  return async function measureRequest(c, next) {
    const end = metrics.httpDuration.startTimer();
    await next();
    end({
      method: c.req.method,
      route: c.res.status === 404 ? 'unmatched' : routePath(c, -1) || 'unmatched',
      status: String(c.res.status),
    });
  };
}
