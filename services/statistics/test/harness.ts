import { Writable } from 'node:stream';
import { Bus } from '@zhtj/bus';
import type { RoleGrant } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { connectMongo, startOrgProjection } from '@zhtj/store';
import { removeNamespace, testSigner, type Isolated } from '@zhtj/testkit';
import { createApp } from '../src/app.js';
import { composeStatistics, type StatisticsGraph } from '../src/compose.js';
import { startSubscriptions } from '../src/events/subscriptions.js';

const silent = () => createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });

/**
 * statistics on real servers (its database and NATS), its consumers running (unless
 * `consume: false`, for tests that feed the writer themselves), its routes in the kit's HTTP app.
 * `database` names the database, so a second harness can rebuild into an empty one.
 */
export async function startStatistics(infra: Isolated, options: { database?: string; consume?: boolean; now?: () => Date } = {}) {
  const bus = await Bus.connect({ url: infra.natsUrl, name: 'statistics-test', namespace: infra.namespace });
  await bus.ensureStreams();
  const signer = await testSigner();
  const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });
  const database = options.database ?? 'statistics';
  const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName(database) });
  const orgs = await startOrgProjection(bus, { connection: mongo, durable: `${database}-org-tree` });
  const deps: StatisticsGraph = await composeStatistics(mongo, {
    orgs,
    verifyToken,
    ...(options.now ? { now: options.now } : {}),
  });
  const consumers = options.consume === false ? [] : await startSubscriptions(bus, deps.writer, database);
  const app = createHttpApp({ logger: silent(), metrics: createMetrics('test'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(deps));

  const tokenFor = (roles: RoleGrant[]) => signer.token(roles);
  const call = async (as: string | RoleGrant[], path: string) => {
    const token = await tokenFor(typeof as === 'string' ? [{ role: 'org_admin', orgId: as }] : as);
    return app.request(path, { headers: { authorization: `Bearer ${token}` } });
  };

  return {
    bus,
    deps,
    mongo,
    app,
    call,
    tokenFor,
    async stop(options: { keepNamespace?: boolean } = {}) {
      await Promise.all(consumers.map((c) => c.stop()));
      await orgs.stop();
      await bus.drain();
      await mongo.close();
      if (!options.keepNamespace) await removeNamespace(infra, infra.namespace);
    },
  };
}
export type StatisticsHarness = Awaited<ReturnType<typeof startStatistics>>;
