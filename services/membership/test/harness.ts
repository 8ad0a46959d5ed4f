import { Writable } from 'node:stream';
import { Bus } from '@zhtj/bus';
import { createEvent, orgDissolvedV1, type RoleGrant } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { eventually, idNumberFor, orgCreatedEvent, removeNamespace, testSigner, type TestOrg } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createApp, type AppDependencies } from '../src/app.js';
import { composeMembership } from '../src/compose.js';
import { identityCheckBatchModel } from '../src/store/identity-check-batch.model.js';
import { memberBatchModel } from '../src/store/member-batch.model.js';
import { memberChangeRequestModel } from '../src/store/member-change-request.model.js';
import { memberModel } from '../src/store/member.model.js';
import { startOrgProjection, type OrgProjection, connectMongo } from '@zhtj/store';

export type { TestOrg };

/**
 * The membership service on real servers for one test file: its own database and NATS
 * namespace, its org projection fed from the ORG stream, the HTTP app on `app.request`, and
 * tokens signed by a test key.
 */
export async function startMembership() {
  const infra = testInfra();
  const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('membership') });
  const bus = await Bus.connect({ url: infra.natsUrl, name: 'membership-test', namespace: infra.namespace });
  await bus.ensureStreams();
  const signer = await testSigner();
  const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });
  const orgs: OrgProjection = await startOrgProjection(bus, { connection: mongo, durable: 'membership-orgs' });
  const deps: AppDependencies = await composeMembership(mongo, { orgs, verifyToken });
  const logger = createLogger({ service: 'membership', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const app = createHttpApp({ logger, metrics: createMetrics('membership'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(deps));

  const tokenFor = (roles: RoleGrant[], extra: { memberId?: string } = {}) => signer.token(roles, { ...extra, name: '测试用户' });

  /** Publishes org.created for each org (parents first) and waits until the projection has them. */
  async function publishOrgs(list: TestOrg[]) {
    for (const o of list) await bus.publish(orgCreatedEvent(o));
    await eventually(async () => (await Promise.all(list.map((o) => orgs.get(o.id)))).every(Boolean), 'orgs projected');
  }

  async function dissolveOrg(o: TestOrg) {
    await bus.publish(
      createEvent(
        orgDissolvedV1,
        {
          id: o.id,
          name: o.name,
          type: o.type,
          parentId: o.ancestors.at(-1) ?? null,
          ancestors: o.ancestors,
          depth: o.ancestors.length,
          status: 'dissolved',
          version: 2,
        },
        { source: 'test' },
      ),
    );
    await eventually(async () => (await orgs.get(o.id))?.status === 'dissolved', 'dissolution projected');
  }

  return {
    infra,
    mongo,
    bus,
    deps,
    /** The collections themselves, for tests that check what was stored (the service reads them only through its repositories). */
    models: {
      members: memberModel(mongo),
      changeRequests: memberChangeRequestModel(mongo),
      batches: memberBatchModel(mongo),
      checkBatches: identityCheckBatchModel(mongo),
    },
    orgs,
    app,
    tokenFor,
    publishOrgs,
    dissolveOrg,
    /** Calls the app as an admin of the given org, or with the given roles (and member id). */
    async call(as: string | { roles: RoleGrant[]; memberId?: string } | null, method: string, path: string, body?: unknown) {
      const auth =
        as === null
          ? null
          : typeof as === 'string'
            ? await tokenFor([{ role: 'org_admin', orgId: as }])
            : await tokenFor(as.roles, as.memberId ? { memberId: as.memberId } : {});
      return app.request(path, {
        method,
        headers: {
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    async stop() {
      await orgs.stop();
      await bus.drain();
      await mongo.close();
      await removeNamespace(infra, infra.namespace);
    },
  };
}

export type MembershipHarness = Awaited<ReturnType<typeof startMembership>>;

export { idNumberFor };
