import type { Context } from 'hono';
import { request } from 'undici';
import { TIMEOUT_HEADER } from '@zhtj/service-kit';
import type { z } from 'zod';
import type { UpstreamName, UpstreamUrls } from '../services.js';
import { upstreamAgent } from '../upstream-agent.js';
import type { UpstreamCall } from './upstream-calls.js';
import { AppError } from '@zhtj/contracts';

/**
 * A call to a service on the caller's behalf (their token, the request id, a deadline), its
 * answer checked against what the gateway reads from it (upstream-calls.ts).
 */
export type ServiceCall = <A extends unknown[], R extends z.ZodType>(
  call: UpstreamCall<A, R>,
  ...args: A
) => Promise<z.output<R>>;

/** A service's answer other than 2xx, kept whole so a composed view can pass it on. */
export class ServiceCallError extends Error {
  constructor(
    readonly service: UpstreamName,
    readonly status: number,
    readonly body: string,
    readonly contentType: string,
  ) {
    super(`${service} answered ${status}`);
  }

  /** The service's own answer (its problem+json), for the caller. */
  toResponse(): Response {
    return new Response(this.body, { status: this.status, headers: { 'content-type': this.contentType } });
  }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Calls services as the caller, on the gateway's keep-alive connections to them. A composed view
 * needs several answers; each call is on its own, so one slow or failing service costs only
 * its part of the view.
 */
export function serviceCaller(c: Context, upstreams: UpstreamUrls, timeoutMs: number): ServiceCall {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const name of ['authorization', 'accept-language', 'traceparent']) {
    const value = c.req.header(name);
    if (value) headers[name] = value;
  }
  const requestId = c.get('requestId' as never) as string | undefined;
  if (requestId) headers['x-request-id'] = requestId;
  // The service knows how long we wait, and stops working on the call when we stop waiting.
  headers[TIMEOUT_HEADER] = String(timeoutMs);
  return async <A extends unknown[], R extends z.ZodType>(call: UpstreamCall<A, R>, ...args: A): Promise<z.output<R>> => {
    const { service } = call;
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const res = await request(new URL(call.path(...args), upstreams[service]), {
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: upstreamAgent,
      });
      status = res.statusCode;
      contentType = String(res.headers['content-type'] ?? 'application/json');
      text = await res.body.text();
    } catch (error) {
      const code = (error as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'SERVICE_UNAVAILABLE';
      throw new AppError(code, { params: { service }, cause: error });
    }
    if (status < 200 || status >= 300) throw new ServiceCallError(service, status, text, contentType);
    // A service answering in a shape the gateway cannot read is a failure of that service, not
    // a crash of the view: its part degrades like an outage (or the view answers 502).
    const parsed = call.reply.safeParse(parseJson(text));
    if (!parsed.success) throw new AppError('UPSTREAM_REPLY_INVALID', { params: { service }, cause: parsed.error });
    return parsed.data;
  };
}
