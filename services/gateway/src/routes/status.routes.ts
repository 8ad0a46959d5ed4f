import { Hono } from 'hono';
import type { ReadinessReport } from '@zhtj/service-kit';
import { upstreamNames, type UpstreamUrls } from '../services.js';

export interface ServiceStatus {
  ready: boolean;
  latencyMs: number;
}

export interface StatusDependencies {
  upstreams: UpstreamUrls;
  /** The gateway's own readiness (its Redis). */
  selfReadiness(): Promise<ReadinessReport>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * `GET /api/v1/status`: every service's /readyz, asked in parallel, each bounded by the
 * timeout — a service that is down or slow shows `ready: false`, it never hangs the answer.
 */
export function statusRoutes(deps: StatusDependencies): Hono {
  const doFetch = deps.fetch ?? fetch;
  const probe = async (baseUrl: string): Promise<ServiceStatus> => {
    const started = performance.now();
    try {
      const response = await doFetch(new URL('/readyz', baseUrl), { signal: AbortSignal.timeout(deps.timeoutMs) });
      await response.body?.cancel();
      return { ready: response.ok, latencyMs: elapsed(started) };
    } catch {
      return { ready: false, latencyMs: elapsed(started) };
    }
  };

  return new Hono().get('/', async (c) => {
    const started = performance.now();
    const [self, ...others] = await Promise.all([
      deps.selfReadiness(),
      ...upstreamNames.map((name) => probe(deps.upstreams[name])),
    ]);
    const services: Record<string, ServiceStatus> = { gateway: { ready: self.ready, latencyMs: elapsed(started) } };
    upstreamNames.forEach((name, i) => (services[name] = others[i]!));
    const ready = Object.values(services).every((s) => s.ready);
    return c.json({ ready, services }, ready ? 200 : 503);
  });
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
