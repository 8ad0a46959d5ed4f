import { Hono, type Context } from 'hono';
import type { ReadinessReport } from '@zhtj/service-kit';
import { proxyRoutes } from './proxy/proxy-routes.js';
import { routeTable, type ProxyRoute } from './route-table.js';
import { statusRoutes } from './routes/status.routes.js';
import type { UpstreamUrls } from './services.js';

export interface AppDependencies {
  upstreams: UpstreamUrls;
  selfReadiness(): Promise<ReadinessReport>;
  statusTimeoutMs: number;
  clientAddress(c: Context): string | undefined;
  /** The routing table; tests may pass their own. */
  routes?: readonly ProxyRoute[];
}

/** The public API under /api/v1. No I/O here: tests call app.request(). */
export function createApp(deps: AppDependencies): Hono {
  const api = new Hono();
  api.route(
    '/status',
    statusRoutes({ upstreams: deps.upstreams, selfReadiness: deps.selfReadiness, timeoutMs: deps.statusTimeoutMs }),
  );
  api.route(
    '/',
    proxyRoutes({ routes: deps.routes ?? routeTable, upstreams: deps.upstreams, clientAddress: deps.clientAddress }),
  );
  return new Hono().route('/api/v1', api);
}
