import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { newId } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier, type LargeBodyRoute } from '@zhtj/service-kit';
import type { TestSigner } from '@zhtj/testkit';
import { createApp, type AppDependencies } from '../src/app.js';
import { edgeGuard, type EdgeLimits } from '../src/edge/edge-guard.js';
import { upstreamNames, type UpstreamName, type UpstreamUrls } from '../src/services.js';

/** Every upstream at one address (a test's echo server, or '' for none), some elsewhere: a new service needs no test edits. */
export function upstreamsAt(url: string, elsewhere: Partial<Record<UpstreamName, string>> = {}): UpstreamUrls {
  return { ...(Object.fromEntries(upstreamNames.map((name) => [name, url])) as UpstreamUrls), ...elsewhere };
}

/** The gateway's app as main builds it, quiet, with test defaults for what a test does not set. */
export function testGateway(
  deps: Partial<AppDependencies> & Pick<AppDependencies, 'upstreams'>,
  options: { largeBodies?: readonly LargeBodyRoute[] } = {},
) {
  const app = createHttpApp({
    logger: createLogger({ service: 'gateway', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    metrics: createMetrics('gateway'),
    readiness: [],
    bodyLimitBytes: 1024,
    largeBodies: options.largeBodies ?? [],
  });
  app.route(
    '/',
    createApp({
      selfReadiness: async () => ({ ready: true, checks: {} }),
      statusTimeoutMs: 500,
      clientAddress: () => '203.0.113.7',
      ...deps,
    }),
  );
  return app;
}

/** The edge guard on real Redis, verifying a test signer's tokens, its counters apart from other tests'. */
export function testEdge(
  redis: Redis,
  signer: TestSigner,
  limits: EdgeLimits = { anonymous: { burst: 100, perMinute: 100 }, account: { burst: 100, perMinute: 100 } },
) {
  return edgeGuard({
    verifyToken: createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys }),
    redis,
    limits,
    keyPrefix: `${newId()}:`,
  });
}
