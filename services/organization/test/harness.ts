import { Writable } from 'node:stream';
import type { Model } from 'mongoose';
import { Bus } from '@zhtj/bus';
import { newId, type OrgType, type RoleGrant } from '@zhtj/contracts';
import { createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { removeNamespace, testSigner } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createApp } from '../src/app.js';
import { composeOrganization } from '../src/compose.js';
import { orgChangeRequestModel } from '../src/store/org-change-request.model.js';
import { orgModel, type OrgDocument } from '../src/store/org.model.js';
import { registrationCodeModel } from '../src/store/registration-code.model.js';
import { connectMongo } from '@zhtj/store';

/**
 * The organization service on real servers for one test file: its own database and NATS
 * namespace, the HTTP app on `app.request`, and tokens signed by a test key.
 */
export async function startOrganization() {
  const infra = testInfra();
  const mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('organization') });
  const bus = await Bus.connect({ url: infra.natsUrl, name: 'organization-test', namespace: infra.namespace });
  await bus.ensureStreams();
  const signer = await testSigner();
  const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys });
  const deps = await composeOrganization(mongo, { ttlDays: 30, verifyToken });
  const logger = createLogger({ service: 'organization', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const app = createHttpApp({ logger, metrics: createMetrics('organization'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(deps));

  const tokenFor = (roles: RoleGrant[], accountId = newId()) => signer.token(roles, { accountId, name: '管理员' });

  return {
    infra,
    mongo,
    bus,
    deps,
    /** The collections themselves, for tests that set up or check what was stored (the service reads them only through its repositories). */
    stored: {
      orgs: orgModel(mongo),
      changeRequests: orgChangeRequestModel(mongo),
      codes: registrationCodeModel(mongo),
    },
    app,
    tokenFor,
    /** Calls the app as an admin of the given orgs (or with the given roles). */
    async call(
      as: string | RoleGrant[] | null,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const roles = typeof as === 'string' ? [{ role: 'org_admin' as const, orgId: as }] : as;
      return app.request(path, {
        method,
        headers: {
          ...(roles ? { authorization: `Bearer ${await tokenFor(roles)}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    async stop() {
      await bus.drain();
      await mongo.close();
      await removeNamespace(infra, infra.namespace);
    },
  };
}

export type OrganizationHarness = Awaited<ReturnType<typeof startOrganization>>;

/** Inserts orgs directly (no events), for tests that need a tree to start from. */
export async function insertOrgs(
  stored: { orgs: Model<OrgDocument> },
  orgs: Array<{ id: string; name: string; type: OrgType; ancestors: string[] }>,
) {
  await stored.orgs.create(
    orgs.map((o): Partial<OrgDocument> => ({
      _id: o.id,
      name: o.name,
      type: o.type,
      parentId: o.ancestors.at(-1) ?? null,
      ancestors: o.ancestors,
      depth: o.ancestors.length,
      status: 'active',
      version: 1,
    })),
  );
}
