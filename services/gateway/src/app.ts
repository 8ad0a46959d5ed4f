import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { ReadinessReport } from '@zhtj/service-kit';
import { meRoutes } from './compose/me.routes.js';
import { viewRoutes } from './compose/views.routes.js';
import type { EdgeGuard } from './edge/edge-guard.js';
import { openApiDocument } from './openapi/document.js';
import type { OpenStreams } from './proxy/open-streams.js';
import { proxyRoutes } from './proxy/proxy-routes.js';
import { routeTable, type ProxyRoute } from './route-table.js';
import { docsRoutes } from './routes/docs.routes.js';
import { portalPages } from './routes/portal.routes.js';
import { statusRoutes } from './routes/status.routes.js';
import type { UpstreamUrls } from './services.js';

export interface AppDependencies {
  upstreams: UpstreamUrls;
  selfReadiness(): Promise<ReadinessReport>;
  statusTimeoutMs: number;
  clientAddress(c: Context): string | undefined;
  /** The routing table; tests may pass their own. */
  routes?: readonly ProxyRoute[];
  /** Authentication and rate limits at the edge (main always sets it). */
  edge?: EdgeGuard;
  /** How long a composed view waits for each service. */
  composeTimeoutMs?: number;
  /** Browser origins allowed by CORS; none by default. */
  corsOrigins?: readonly string[];
  /** The portal's server: its pages are served on this origin (routes/portal.routes.ts). */
  portalUrl?: string;
  /** The streams passing through (GET /messages/stream), ended when the gateway stops. */
  streams?: OpenStreams;
}

/** The public API under /api/v1. No I/O here: tests call app.request(). */
export function createApp(deps: AppDependencies): Hono {
  const api = new Hono();
  // The browser-facing protections, on every answer including errors.
  api.use(
    secureHeaders({
      // An API answers JSON and files, never pages: nothing may be framed, embedded or run.
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: 'same-site',
    }),
  );
  const origins = deps.corsOrigins ?? [];
  const corsHeaders = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'accept-language', 'x-request-id'],
    exposeHeaders: ['location', 'content-disposition', 'ratelimit', 'ratelimit-policy', 'retry-after', 'x-request-id'],
    maxAge: 600,
  });
  // Only browsers read CORS headers, and they send Origin: other clients skip the middleware
  // (which sets headers before the handler runs, an extra response copy on every request).
  api.use((c, next) => (c.req.header('origin') ? corsHeaders(c, next) : next()));
  api.route(
    '/status',
    statusRoutes({ upstreams: deps.upstreams, selfReadiness: deps.selfReadiness, timeoutMs: deps.statusTimeoutMs }),
  );
  // Views composed from several services, before the proxied routes.
  if (deps.edge) {
    const compose = {
      upstreams: deps.upstreams,
      edge: deps.edge,
      clientAddress: deps.clientAddress,
      timeoutMs: deps.composeTimeoutMs ?? 3000,
    };
    api.route('/', meRoutes(compose));
    api.route('/', viewRoutes(compose));
  }
  api.route(
    '/',
    proxyRoutes({
      routes: deps.routes ?? routeTable,
      upstreams: deps.upstreams,
      clientAddress: deps.clientAddress,
      ...(deps.edge ? { edge: deps.edge } : {}),
      ...(deps.streams ? { streams: deps.streams } : {}),
    }),
  );
  // The API described, from the routing table and the services' own schemas; a page to try it.
  const document = openApiDocument(deps.routes ?? routeTable);
  const app = new Hono();
  if (deps.portalUrl) app.use(portalPages(deps.portalUrl));
  return app
    .get('/openapi.json', (c) => c.json(document))
    .route('/docs', docsRoutes())
    .route('/api/v1', api);
}
