import { getConnInfo } from '@hono/node-server/conninfo';
import { checkReadiness, clientAddressResolver, runService, serviceTokenVerifier } from '@zhtj/service-kit';
import { createApp } from './app.js';
import { configSchema } from './config.js';
import { edgeGuard } from './edge/edge-guard.js';
import { largeBodyRoutes, routeTable } from './route-table.js';
import { upstreamUrls } from './services.js';

/** Calls `log` at most once every `ms` (a down Redis would otherwise log on every request). */
function warnEvery(ms: number, log: (error: unknown) => void) {
  let last = 0;
  return (error: unknown) => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    log(error);
  };
}

await runService({
  name: 'gateway',
  configSchema,
  portKey: 'GATEWAY_PORT',
  // The gateway only forwards, each route with its own timeout; the services shed their load.
  shedding: false,
  largeBodies: (config) => largeBodyRoutes(routeTable, { workbookBytes: config.IMPORT_MAX_FILE_BYTES }),
  async start({ app, config, redis, logger }) {
    const clientAddress = clientAddressResolver(config.TRUSTED_PROXIES);
    app.route(
      '/',
      createApp({
        upstreams: upstreamUrls(config),
        selfReadiness: () => checkReadiness([{ name: 'redis', check: () => redis.ping() }]),
        statusTimeoutMs: config.STATUS_TIMEOUT_MS,
        clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for')),
        corsOrigins: config.CORS_ORIGINS,
        ...(config.PORTAL_URL ? { portalUrl: config.PORTAL_URL } : {}),
        edge: edgeGuard({
          verifyToken: serviceTokenVerifier({ jwksUrl: config.JWKS_URL, redis, logger }),
          redis,
          onRedisDown: warnEvery(10_000, (err) => logger.warn({ err }, 'Redis unreachable: rate limits counted per replica')),
          limits: {
            anonymous: { burst: config.RATE_LIMIT_ANONYMOUS_BURST, perMinute: config.RATE_LIMIT_ANONYMOUS_PER_MIN },
            account: { burst: config.RATE_LIMIT_ACCOUNT_BURST, perMinute: config.RATE_LIMIT_ACCOUNT_PER_MIN },
          },
        }),
      }),
    );
  },
});
