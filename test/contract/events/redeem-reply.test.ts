import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, request } from '@zhtj/bus';
import {
  errorCodes,
  newId,
  registrationCodeCheckV1,
  registrationCodeRedeemV1,
  type CommandReply,
  type ErrorCode,
} from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics, type Redis } from '@zhtj/service-kit';
import { jsonBody, nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { composeIdentity, createApp, testCommands, testIdentitySettings, identityCollections } from '@zhtj/identity/testing';
import {
  generateRegistrationCodes,
  organizationCollections,
  registrationCodeStores,
  serveCommands,
} from '@zhtj/organization/testing';
import { producedShape, readExample } from './examples.js';
import { connectMongo } from '@zhtj/store';

/**
 * organization's replies to identity's redeem command, pinned by recorded examples. Producer
 * side: organization's real responder answers a code spent for its org and a code shown for
 * another; consumer side: identity registers an admin on the recorded success, and refuses with
 * the recorded code on the recorded refusal. (The request is pinned in identity.test.ts.)
 */
type Reply = CommandReply<typeof registrationCodeRedeemV1>;
const subject = registrationCodeRedeemV1.subject;
const infra = testInfra();
let organizationDb: Awaited<ReturnType<typeof connectMongo>>;
let identityDb: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let bus: Bus;
const [root, branch, other] = [newId(), newId(), newId()];

beforeAll(async () => {
  organizationDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('organization') });
  identityDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  bus = await Bus.connect({ url: infra.natsUrl, name: 'contract-redeem', namespace: infra.namespace });
  await identityCollections(identityDb).accounts.init();
  const org = (id: string, name: string, parent: string | null) => ({
    _id: id,
    name,
    type: parent ? ('branch' as const) : ('committee' as const),
    parentId: parent,
    ancestors: parent ? [parent] : [],
    depth: parent ? 1 : 0,
    status: 'active' as const,
    version: 1,
  });
  await organizationCollections(organizationDb).orgs.create([
    org(root, '契约团委', null),
    org(branch, '契约团支部', root),
    org(other, '另一团支部', root),
  ]);
  serveCommands(bus, registrationCodeStores(organizationDb));
});
afterAll(async () => {
  await bus?.drain();
  await Promise.all([organizationDb?.close(), identityDb?.close()]);
  redis?.disconnect();
  await removeNamespace(infra, infra.namespace);
});

async function codeFor(orgId: string): Promise<string> {
  const caller = { accountId: newId(), name: '上级管理员', roles: [{ role: 'org_admin' as const, orgId: root }] };
  const deps = { ...registrationCodeStores(organizationDb), ttlDays: 30 };
  return (await generateRegistrationCodes(deps, caller, root, [orgId]))[0]!.code;
}

describe('the redeem command’s replies', () => {
  it('have recorded examples that parse with the contract', async () => {
    for (const outcome of ['ok', 'refused']) {
      const parsed = registrationCodeRedeemV1.reply.safeParse(await readExample(`${subject}.reply.${outcome}`));
      expect(parsed.success, `${outcome}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('are what organization answers, field for field', async () => {
    const ok = await request(bus, registrationCodeRedeemV1, { orgId: branch, code: await codeFor(branch), accountId: newId() });
    expect(ok).toMatchObject({ ok: true, orgId: branch });
    const okShapes = await producedShape(`${subject}.reply.ok`, ok);
    expect(okShapes.produced).toEqual(okShapes.example);

    const refused = await request(bus, registrationCodeRedeemV1, {
      orgId: branch,
      code: await codeFor(other),
      accountId: newId(),
    });
    expect(refused).toMatchObject({ ok: false, code: 'REGISTRATION_CODE_MISMATCH' });
    const refusedShapes = await producedShape(`${subject}.reply.refused`, refused);
    expect(refusedShapes.produced).toEqual(refusedShapes.example);
  });

  it('are also the check command’s, which spends nothing', async () => {
    const code = await codeFor(branch);
    const ok = await request(bus, registrationCodeCheckV1, { orgId: branch, code });
    const okShapes = await producedShape(`${subject}.reply.ok`, ok);
    expect(okShapes.produced).toEqual(okShapes.example);
    const refused = await request(bus, registrationCodeCheckV1, { orgId: other, code });
    expect(refused).toMatchObject({ ok: false, code: 'REGISTRATION_CODE_MISMATCH', orgName: '另一团支部' });
    const refusedShapes = await producedShape(`${subject}.reply.refused`, refused);
    expect(refusedShapes.produced).toEqual(refusedShapes.example);
    // Checked twice, still unspent: the redemption wins.
    expect(await request(bus, registrationCodeCheckV1, { orgId: branch, code })).toMatchObject({ ok: true });
    expect(await request(bus, registrationCodeRedeemV1, { orgId: branch, code, accountId: newId() })).toMatchObject({ ok: true });
    expect(await request(bus, registrationCodeCheckV1, { orgId: branch, code })).toMatchObject({
      code: 'REGISTRATION_CODE_USED',
    });
  });

  it('are what identity acts on: an admin registered on success, the refusal passed on', async () => {
    const replying = (outcome: 'ok' | 'refused') => async (req: { orgId: string }) => {
      const example = (await readExample(`${subject}.reply.${outcome}`)) as Reply;
      return (example.ok ? { ...example, orgId: req.orgId } : example) as Reply;
    };
    const identity = (outcome: 'ok' | 'refused') => {
      const logger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
      const app = createHttpApp({ logger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
      app.route(
        '/',
        createApp(
          composeIdentity(
            identityDb,
            redis,
            testIdentitySettings(),
            testCommands({ checkCode: replying(outcome), redeemCode: replying(outcome) }),
          ),
        ),
      );
      return app;
    };
    const register = async (outcome: 'ok' | 'refused', idNumber: string) => {
      const app = identity(outcome);
      const captcha = await jsonBody(await app.request('/auth/captcha'));
      return app.request('/auth/register-admin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          orgId: branch,
          registrationCode: 'ABCD-EFGH',
          name: '张伟',
          idNumber,
          phone: '13800138000',
          password: 'Admin2026ok',
          captchaId: captcha.captchaId,
          captchaCode: captcha.code,
        }),
      });
    };

    const created = await register('ok', nthIdNumber(1, { firstBirthday: '1990-03-07' }));
    expect(created.status).toBe(201);
    const { accountId } = await jsonBody(created);
    expect((await identityCollections(identityDb).accounts.findById(accountId).lean())?.roles).toEqual([
      { role: 'org_admin', orgId: branch },
    ]);

    const refused = await register('refused', nthIdNumber(2, { firstBirthday: '1990-03-07' }));
    const example = (await readExample(`${subject}.reply.refused`)) as { code: ErrorCode };
    expect(refused.status).toBe(errorCodes[example.code].status);
    expect((await jsonBody(refused)).code).toBe(example.code);
  });
});
