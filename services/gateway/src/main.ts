import { getConnInfo } from '@hono/node-server/conninfo';
import { checkReadiness, clientAddressResolver, runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';
import { edgeGuardFromConfig } from './edge/edge-from-config.js';
import { largeBodyRoutes, routeTable } from './route-table.js';
import { OpenStreams } from './proxy/open-streams.js';
import { upstreamUrls } from './services.js';

await runService({
  name: 'gateway',
  configSchema,
  portKey: 'GATEWAY_PORT',
  // The gateway only forwards, each route with its own timeout; the services shed their load.
  shedding: false,
  largeBodies: (config) => largeBodyRoutes(routeTable, { workbookBytes: config.IMPORT_MAX_FILE_BYTES }),
  async start({ app, config, redis, logger }) {
    const clientAddress = clientAddressResolver(config.TRUSTED_PROXIES);
    const streams = new OpenStreams();
    const gateway = createApp({
      upstreams: upstreamUrls(config),
      selfReadiness: () => checkReadiness([{ name: 'redis', check: () => redis.ping() }]),
      statusTimeoutMs: config.STATUS_TIMEOUT_MS,
      clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for')),
      corsOrigins: config.CORS_ORIGINS,
      ...(config.PORTAL_URL ? { portalUrl: config.PORTAL_URL } : {}),
      edge: edgeGuardFromConfig(config, redis, logger),
      streams,
    });
    app.route('/', gateway);
    return { longLived: [streams] };
  },
});
