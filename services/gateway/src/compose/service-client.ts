import type { Context } from 'hono';
import type { UpstreamName, UpstreamUrls } from '../services.js';

/** A call to a service on the caller's behalf: their token, the request id, a deadline. */
export type ServiceCall = <T>(service: UpstreamName, path: string) => Promise<T>;

export class ServiceCallError extends Error {
  constructor(
    readonly service: UpstreamName,
    readonly status: number,
  ) {
    super(`${service} answered ${status}`);
  }
}

/**
 * Calls services as the caller (fetch keeps connections alive per origin). A composed view
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
  return async <T>(service: UpstreamName, path: string): Promise<T> => {
    const res = await fetch(new URL(path, upstreams[service]), { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new ServiceCallError(service, res.status);
    return (await res.json()) as T;
  };
}
