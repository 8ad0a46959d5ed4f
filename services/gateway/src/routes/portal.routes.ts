import type { MiddlewareHandler } from 'hono';
import { request } from 'undici';
import { webStreamOf } from '../proxy/web-stream.js';
import { upstreamAgent } from '../upstream-agent.js';

/** What the gateway answers itself; everything else that is a GET is a page of the portal. */
const OWN = /^\/(api\/|openapi\.json$|docs(\/|$))/;

/** Request headers a page load needs upstream; cookies and tokens stay here. */
const PASSED = ['accept', 'accept-encoding', 'accept-language', 'if-none-match', 'if-modified-since', 'user-agent'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * The portal's pages on the API's origin (PORTAL_URL; the ingress does the same in production):
 * GET and HEAD outside /api, /openapi.json and /docs go to the portal's server, its answer —
 * security headers, caching, compression — passed back as it is.
 */
export function portalPages(portalUrl: string): MiddlewareHandler {
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || OWN.test(c.req.path)) return next();
    const incoming = new URL(c.req.url);
    const headers: Record<string, string> = {};
    for (const name of PASSED) {
      const value = c.req.header(name);
      if (value) headers[name] = value;
    }
    try {
      const answer = await request(new URL(incoming.pathname + incoming.search, portalUrl), {
        method: c.req.method as 'GET' | 'HEAD',
        headers,
        dispatcher: upstreamAgent,
        signal: AbortSignal.timeout(10_000),
      });
      const out = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (HOP_BY_HOP.has(name) || value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
      }
      const body = c.req.method === 'HEAD' ? null : webStreamOf(answer.body);
      if (!body) await answer.body.dump();
      return new Response(body, { status: answer.statusCode, headers: out });
    } catch {
      return c.text('管理中心暂时无法访问，请稍后再试 / The portal is unavailable', 503, { 'retry-after': '5' });
    }
  };
}
