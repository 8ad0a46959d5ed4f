import { Writable } from 'node:stream';
import { Bus, type ConsumerRunner } from '@zhtj/bus';
import type { RoleGrant } from '@zhtj/contracts';
import {
  connectRedis,
  createHttpApp,
  createLogger,
  createMetrics,
  createTokenVerifier,
  type TokenVerifier,
} from '@zhtj/service-kit';
import { connectMongo, startOrgProjection } from '@zhtj/store';
import { removeNamespace, testSigner, type Isolated } from '@zhtj/testkit';
import { createApp } from '../src/app.js';
import { composeNotification, type NotificationGraph } from '../src/compose.js';
import { startSubscriptions } from '../src/events/subscriptions.js';
import { messageModel } from '../src/store/message.model.js';

const silent = () => createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });

/**
 * notification on real servers (its database, NATS, Redis), its consumers running, its routes in
 * the kit's HTTP app. `revoke(token)` makes a token stop verifying, as identity's revocation does.
 */
export async function startNotification(infra: Isolated, stream = { heartbeatMs: 200, maxStreamMs: 60_000 }) {
  const bus = await Bus.connect({ url: infra.natsUrl, name: 'notification-test', namespace: infra.namespace });
  await bus.ensureStreams();
  const signer = await testSigner();
  const revoked = new Set<string>();
  const verify = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });
  const verifyToken: TokenVerifier = async (token) => {
    if (revoked.has(token)) throw new Error('revoked');
    return verify(token);
  };
  const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('notification') });
  const redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  const orgs = await startOrgProjection(bus, { connection: mongo, durable: 'notification-orgs' });
  const deps: NotificationGraph = await composeNotification(mongo, redis, {
    orgs,
    verifyToken,
    stream,
    liveChannel: `${infra.namespace}:notification:messages`,
  });
  const consumers: ConsumerRunner[] = await startSubscriptions(bus, deps);
  const app = createHttpApp({ logger: silent(), metrics: createMetrics('test'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(deps));

  const tokenFor = (roles: RoleGrant[], accountId?: string) => signer.token(roles, accountId ? { accountId } : {});
  const call = (token: string, method: string, path: string, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...headers } });

  return {
    bus,
    deps,
    /** The raw collection, for assertions and benchmarks only. */
    stored: { messages: messageModel(mongo) },
    app,
    call,
    tokenFor,
    revoke: (token: string) => revoked.add(token),
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await orgs.stop();
      await deps.live.stop();
      await bus.drain();
      redis.disconnect();
      await mongo.close();
      await removeNamespace(infra, infra.namespace);
    },
  };
}
export type NotificationHarness = Awaited<ReturnType<typeof startNotification>>;
