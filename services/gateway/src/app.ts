import { Hono } from 'hono';
import type { ReadinessReport } from '@zhtj/service-kit';
import { statusRoutes } from './routes/status.routes.js';
import type { UpstreamUrls } from './services.js';

export interface AppDependencies {
  upstreams: UpstreamUrls;
  selfReadiness(): Promise<ReadinessReport>;
  statusTimeoutMs: number;
}

/** The public API under /api/v1. No I/O here: tests call app.request(). */
export function createApp(deps: AppDependencies): Hono {
  const api = new Hono();
  api.route(
    '/status',
    statusRoutes({ upstreams: deps.upstreams, selfReadiness: deps.selfReadiness, timeoutMs: deps.statusTimeoutMs }),
  );
  return new Hono().route('/api/v1', api);
}
