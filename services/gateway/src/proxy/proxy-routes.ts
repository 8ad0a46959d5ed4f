import { Hono, type Context } from 'hono';
import { TIMEOUT_HEADER } from '@zhtj/service-kit';
import type { ProxyRoute } from '../route-table.js';
import type { UpstreamUrls } from '../services.js';
import type { EdgeGuard } from '../edge/edge-guard.js';
import { forward } from './forward.js';
import { bodyWithCookieToken, settleSessionCookie, wantsCookie } from './session-cookie.js';
import { AppError } from '@zhtj/contracts';

export interface ProxyDependencies {
  routes: readonly ProxyRoute[];
  upstreams: UpstreamUrls;
  /** The caller's address as the gateway's socket saw it. */
  clientAddress(c: Context): string | undefined;
  /** Authentication and rate limits at the edge; without it the gateway only forwards. */
  edge?: EdgeGuard;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Forwards each route of the table to its service: same method, path (without /api/v1), query
 * and body; the caller's Authorization, the request id and the trace context go along. The
 * client address is set here, never taken from the caller. A service that is down answers
 * 503 `SERVICE_UNAVAILABLE`, one that is too slow 504 `TIMEOUT` — never a hang.
 */
export function proxyRoutes(deps: ProxyDependencies): Hono {
  const app = new Hono();
  for (const route of deps.routes) {
    app.on([...route.methods], route.path, async (c) => {
      const caller = (await deps.edge?.authenticate(c, route.public ?? false)) ?? null;
      const limitHeaders = (await deps.edge?.limit(caller, deps.clientAddress(c))) ?? {};
      const incoming = new URL(c.req.url);
      const target = new URL(incoming.pathname.replace(/^\/api\/v1/, '') + incoming.search, deps.upstreams[route.service]);
      const timeoutMs = route.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const headers: Record<string, string | undefined> = {
        ...c.req.header(),
        'x-forwarded-for': deps.clientAddress(c),
        'x-forwarded-host': undefined,
        'x-request-id': c.get('requestId' as never) as string | undefined,
        // How long we wait (a client's own value is replaced): the service stops working on the
        // request when we stop waiting.
        [TIMEOUT_HEADER]: String(timeoutMs),
      };
      try {
        // Only a request with a body touches the WHATWG Request (costly to build): its body is
        // streamed on, and the upstream call is cancelled if the client goes away mid-upload.
        const timeout = AbortSignal.timeout(timeoutMs);
        const hasBody = !BODILESS.has(c.req.method);
        const session = route.session && wantsCookie(c) ? route.session : null;
        let body = hasBody ? c.req.raw.body : null;
        if (session === 'rotate' || session === 'end') {
          const json = await bodyWithCookieToken(c);
          body = new Blob([json]).stream();
          headers['content-length'] = String(Buffer.byteLength(json));
          headers['content-type'] = 'application/json';
        }
        // The cookie is the gateway's, never passed on to a service.
        headers.cookie = undefined;
        const answer = await forward(target, {
          method: c.req.method,
          headers,
          body,
          signal: hasBody ? AbortSignal.any([c.req.raw.signal, timeout]) : timeout,
          responseHeaders: limitHeaders,
        });
        return session ? await settleSessionCookie(c, answer, session) : answer;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError') throw new AppError('TIMEOUT', { params: { service: route.service }, cause: error });
        throw new AppError('SERVICE_UNAVAILABLE', { params: { service: route.service }, cause: error });
      }
    });
  }
  return app;
}
