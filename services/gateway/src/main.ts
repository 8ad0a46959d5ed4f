import { getConnInfo } from '@hono/node-server/conninfo';
import { checkReadiness, runService, serviceTokenVerifier } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';
import { edgeGuard } from './edge/edge-guard.js';
import { largeBodyRoutes, routeTable } from './route-table.js';
import { upstreamUrls } from './services.js';

await runService({
  name: 'gateway',
  configSchema,
  portKey: 'GATEWAY_PORT',
  largeBodies: () => largeBodyRoutes(routeTable),
  async start({ app, config, redis, logger }) {
    app.route(
      '/',
      createApp({
        upstreams: upstreamUrls(config),
        selfReadiness: () => checkReadiness([{ name: 'redis', check: () => redis!.ping() }]),
        statusTimeoutMs: config.STATUS_TIMEOUT_MS,
        clientAddress: (c) => getConnInfo(c).remote.address,
        corsOrigins: config.CORS_ORIGINS,
        edge: edgeGuard({
          verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis: redis!, logger }),
          redis: redis!,
          limits: {
            anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MIN,
            accountPerMinute: config.RATE_LIMIT_ACCOUNT_PER_MIN,
          },
        }),
      }),
    );
  },
});
