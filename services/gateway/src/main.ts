import { getConnInfo } from '@hono/node-server/conninfo';
import { checkReadiness, runService } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';
import { largeBodyRoutes, routeTable } from './route-table.js';
import { upstreamUrls } from './services.js';

await runService({
  name: 'gateway',
  configSchema,
  portKey: 'GATEWAY_PORT',
  largeBodies: () => largeBodyRoutes(routeTable),
  async start({ app, config, redis }) {
    app.route(
      '/',
      createApp({
        upstreams: upstreamUrls(config),
        selfReadiness: () => checkReadiness([{ name: 'redis', check: () => redis!.ping() }]),
        statusTimeoutMs: config.STATUS_TIMEOUT_MS,
        clientAddress: (c) => getConnInfo(c).remote.address,
      }),
    );
  },
});
