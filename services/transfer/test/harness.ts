import { Writable } from 'node:stream';
import { Bus, type ConsumerRunner } from '@zhtj/bus';
import type { RoleGrant } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier, type TokenVerifier } from '@zhtj/service-kit';
import {
  eventually,
  idNumberFor as idNumberForRegion,
  orgCreatedEvent,
  removeNamespace,
  testSigner,
  type Isolated,
  type TestOrg,
} from '@zhtj/testkit';
// membership runs beside transfer: the saga is tested against the real other half.
import {
  composeMembership,
  createApp as createMembershipApp,
  membershipCollections,
  runTransferConsumer,
} from '@zhtj/membership/testing';
import { createApp } from '../src/app.js';
import { composeTransfer } from '../src/compose.js';
import { runMemberProjection } from '../src/events/member-projection.js';
import { memberProjectionModel } from '../src/store/member-projection.model.js';
import { transferModel } from '../src/store/transfer.model.js';
import { runSagaConsumer } from '../src/events/subscriptions.js';
import { startOrgProjection, startOutboxRelay, type OrgProjection, type OutboxRelay, connectMongo } from '@zhtj/store';

export type { TestOrg };

const silent = () => createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, done) => done() }) });

function httpApp(route: (app: ReturnType<typeof createHttpApp>) => void) {
  const app = createHttpApp({ logger: silent(), metrics: createMetrics('test'), readiness: [], bodyLimitBytes: 64 * 1024 });
  route(app);
  return app;
}

/**
 * transfer and membership on real servers, sharing one NATS namespace (each with its database),
 * each with its org projection, outbox relay and consumers — the whole saga, in one process.
 * Tests pass `testInfra()`; the benchmark its own isolated servers.
 */
export async function startTransferAndMembership(infra: Isolated, options: { relayPollMs?: number } = {}) {
  const pollIntervalMs = options.relayPollMs ?? 50;
  const bus = await Bus.connect({ url: infra.natsUrl, name: 'transfer-test', namespace: infra.namespace });
  await bus.ensureStreams();
  const signer = await testSigner();
  const verifyToken: TokenVerifier = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });

  const transferDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('transfer') });
  const transferOrgs = await startOrgProjection(bus, { connection: transferDb, durable: 'transfer-orgs' });
  const transfer = await composeTransfer(transferDb, { orgs: transferOrgs, verifyToken, ttlDays: 30 });
  const membershipDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('membership') });
  const membershipOrgs = await startOrgProjection(bus, { connection: membershipDb, durable: 'membership-orgs' });
  const membership = await composeMembership(membershipDb, { orgs: membershipOrgs, verifyToken });

  const relays: OutboxRelay[] = [
    startOutboxRelay({ bus, models: transfer.outboxes, pollIntervalMs }),
    startOutboxRelay({ bus, models: membership.outboxes, pollIntervalMs }),
  ];
  const transferConsumers: ConsumerRunner[] = [
    await runMemberProjection(bus, transfer.members),
    await runSagaConsumer(bus, transfer.transfers),
  ];
  let membershipConsumer: ConsumerRunner | null = await runTransferConsumer(bus, membership);

  const transferApp = httpApp((app) => app.route('/', createApp(transfer)));
  const membershipApp = httpApp((app) => app.route('/', createMembershipApp(membership)));

  const tokenFor = (roles: RoleGrant[], accountId?: string) => signer.token(roles, accountId ? { accountId } : {});

  async function call(
    app: typeof transferApp,
    as: string | { orgId: string; accountId: string } | { memberOf: string; memberId: string } | null,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const token =
      as === null
        ? null
        : typeof as === 'string'
          ? await tokenFor([{ role: 'org_admin', orgId: as }])
          : 'memberId' in as
            ? await signer.token([{ role: 'member', orgId: as.memberOf }], { memberId: as.memberId })
            : await tokenFor([{ role: 'org_admin', orgId: as.orgId }], as.accountId);
    return app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  async function publishOrgs(list: TestOrg[]) {
    for (const o of list) await bus.publish(orgCreatedEvent(o));
    const projected = async (p: OrgProjection) => (await Promise.all(list.map((o) => p.get(o.id)))).every(Boolean);
    await eventually(async () => (await projected(transferOrgs)) && (await projected(membershipOrgs)), 'orgs projected');
  }

  return {
    infra,
    bus,
    transfer,
    /** What transfer stored (read by tests only; the service reads through its repositories). */
    transferStored: { transfers: transferModel(transferDb), members: memberProjectionModel(transferDb) },
    membership,
    /** What membership stored. */
    membershipStored: membershipCollections(membershipDb),
    publishOrgs,
    transferCall: (as: Parameters<typeof call>[1], method: string, path: string, body?: unknown) =>
      call(transferApp, as, method, path, body),
    membershipCall: (as: Parameters<typeof call>[1], method: string, path: string, body?: unknown) =>
      call(membershipApp, as, method, path, body),
    async stopMembershipConsumer() {
      await membershipConsumer?.stop();
      membershipConsumer = null;
    },
    async startMembershipConsumer() {
      membershipConsumer = await runTransferConsumer(bus, membership);
    },
    async stop() {
      await membershipConsumer?.stop();
      for (const c of transferConsumers) await c.stop();
      await transferOrgs.stop();
      await membershipOrgs.stop();
      for (const r of relays) await r.stop();
      await bus.drain();
      await transferDb.close();
      await membershipDb.close();
      await removeNamespace(infra, infra.namespace);
    },
  };
}

export type SagaHarness = Awaited<ReturnType<typeof startTransferAndMembership>>;

export const idNumberFor = (birth: string, n: number, region = '330106') => idNumberForRegion(birth, n, region);
