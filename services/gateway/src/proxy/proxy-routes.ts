import { Hono, type Context } from 'hono';
import { TIMEOUT_HEADER } from '@zhtj/service-kit';
import type { ProxyRoute } from '../route-table.js';
import type { UpstreamUrls } from '../services.js';
import type { EdgeGuard } from '../edge/edge-guard.js';
import { forward } from './forward.js';
import type { OpenStreams } from './open-streams.js';
import { bodyWithCookieToken, settleSessionCookie, wantsCookie } from './session-cookie.js';
import { AppError } from '@zhtj/contracts';

export interface ProxyDependencies {
  routes: readonly ProxyRoute[];
  upstreams: UpstreamUrls;
  /** The caller's address as the gateway's socket saw it. */
  clientAddress(c: Context): string | undefined;
  /** Authentication and rate limits at the edge; without it the gateway only forwards. */
  edge?: EdgeGuard;
  /** The streams passing through, to end when the gateway stops. */
  streams?: OpenStreams;
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
      // A stream (server-sent events) is tracked so the gateway can end it when it stops, and
      // forgotten when it ends: the client went away, the gateway stopped, the service ended it
      // (untilEnded), or the service never answered.
      const stream = route.stream ? deps.streams?.track() : undefined;
      stream?.signal.addEventListener('abort', stream.done, { once: true });
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
        if (stream) c.req.raw.signal.addEventListener('abort', stream.done, { once: true });
        const answer = await forward(target, {
          method: c.req.method,
          headers,
          body,
          // A stream has no end to wait for: only its headers are timed (headersTimeoutMs), and it
          // stops when the client goes away or the gateway stops.
          signal: route.stream
            ? AbortSignal.any([c.req.raw.signal, ...(stream ? [stream.signal] : [])])
            : hasBody
              ? AbortSignal.any([c.req.raw.signal, timeout])
              : timeout,
          ...(route.stream ? { headersTimeoutMs: timeoutMs, unbounded: true } : {}),
          responseHeaders: limitHeaders,
        });
        if (stream && answer.body) return new Response(untilEnded(answer.body, stream.done), answer);
        return session ? await settleSessionCookie(c, answer, session) : answer;
      } catch (error) {
        stream?.done();
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'HeadersTimeoutError')
          throw new AppError('TIMEOUT', { params: { service: route.service }, cause: error });
        throw new AppError('SERVICE_UNAVAILABLE', { params: { service: route.service }, cause: error });
      }
    });
  }
  return app;
}

/** The body as it comes, calling `ended` once it is over: read to its end, failed, or cancelled by the client. */
function untilEnded(body: ReadableStream<Uint8Array>, ended: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) {
          ended();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        ended();
        controller.error(error);
      }
    },
    cancel(reason) {
      ended();
      return reader.cancel(reason);
    },
  });
}
