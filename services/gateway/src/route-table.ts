import type { UpstreamName } from './services.js';

/**
 * The gateway's routing table — the one place that says which service answers which public
 * path under /api/v1. Proxied routes are added here as the services gain them.
 */
export interface ProxyRoute {
  /** hono path pattern under /api/v1, e.g. `/members/:id`. */
  path: string;
  methods: readonly string[];
  service: UpstreamName;
}

export const routeTable: readonly ProxyRoute[] = [];
