import { Writable } from 'node:stream';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, request } from '@zhtj/bus';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, newId, registrationCodeRedeemV1, type OrgType } from '@zhtj/contracts';
import { connectMongo, createHttpApp, createLogger, createMetrics, createTokenVerifier } from '@zhtj/service-kit';
import { jsonBody, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createApp } from '../src/app.js';
import { serveCommands } from '../src/events/commands.js';
import { orgModel } from '../src/store/org.model.js';
import { registrationCodeModel } from '../src/store/registration-code.model.js';
import { generateRegistrationCodes } from '../src/usecases/generate-registration-codes.js';

const infra = testInfra();
let mongo: Awaited<ReturnType<typeof connectMongo>>;
let bus: Bus;
let app: ReturnType<typeof createHttpApp>;
let privateKey: CryptoKey;
const kid = 'test-key';
const [root, schoolA, branchB, classG] = [newId(), newId(), newId(), newId()];

beforeAll(async () => {
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('organization') });
  bus = await Bus.connect({ url: infra.natsUrl, name: 'organization-test', namespace: infra.namespace });
  const orgs = orgModel(mongo);
  const codes = registrationCodeModel(mongo);
  await orgs.init();
  const org = (id: string, name: string, type: OrgType, ancestors: string[]) => ({
    _id: id,
    name,
    type,
    parentId: ancestors.at(-1) ?? null,
    ancestors,
    depth: ancestors.length,
    status: 'active' as const,
    version: 1,
  });
  await orgs.create([
    org(root, '示例团委', 'committee', []),
    org(schoolA, '第一中学团总支', 'general_branch', [root]),
    org(branchB, '机关团支部', 'branch', [root]),
    org(classG, '高一(1)班团支部', 'branch', [root, schoolA]),
  ]);
  const keys = await generateKeyPair('ES256');
  privateKey = keys.privateKey;
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(keys.publicKey)), kid, alg: 'ES256' }] });
  const verifyToken = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: jwks });
  const logger = createLogger({ service: 'organization', destination: new Writable({ write: (_c, _e, done) => done() }) });
  app = createHttpApp({ logger, metrics: createMetrics('organization'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp({ orgs, codes, ttlDays: 30, verifyToken }));
  serveCommands(bus, { orgs, codes });
});
afterAll(async () => {
  await bus.drain();
  await mongo.close();
  await removeNamespace(infra, infra.namespace);
});

const adminOf = (orgId: string) =>
  new SignJWT({ name: '管理员', roles: [{ role: 'org_admin', orgId }] })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject(newId())
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey);

async function generate(adminOrg: string, parent: string, childOrgIds?: string[]) {
  return app.request(`/orgs/${parent}/registration-codes`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await adminOf(adminOrg)}`,
      ...(childOrgIds ? { 'content-type': 'application/json' } : {}),
    },
    ...(childOrgIds ? { body: JSON.stringify({ childOrgIds }) } : {}),
  });
}
const redeem = (orgId: string, code: string) => request(bus, registrationCodeRedeemV1, { orgId, code, accountId: newId() });

describe('registration codes', () => {
  it('are made by an org’s admin for all its direct children, and stored only as a hash', async () => {
    const res = await generate(root, root);
    expect(res.status).toBe(201);
    const { items } = await jsonBody(res);
    expect(items.map((i: { orgName: string }) => i.orgName).sort()).toEqual(['机关团支部', '第一中学团总支'].sort());
    for (const item of items) expect(item.code).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    const stored = await registrationCodeModel(mongo).findById(schoolA).lean();
    const code = items.find((i: { orgId: string }) => i.orgId === schoolA).code as string;
    expect(stored!.last2).toBe(code.slice(-2));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('are refused outside the admin’s direct children, and without a token', async () => {
    expect((await generate(schoolA, root)).status).toBe(403);
    const grandchild = await generate(root, root, [classG]);
    expect(grandchild.status).toBe(403);
    expect((await jsonBody(grandchild)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await app.request(`/orgs/${root}/registration-codes`, { method: 'POST' })).status).toBe(401);
    expect((await generate(root, root, ['not-a-uuid'])).status).toBe(400);
  });

  it('redeem once for their own org; another org’s code, a changed case or a replaced code is "not this org’s code"', async () => {
    const { items } = await jsonBody(await generate(root, root));
    const codeA = items.find((i: { orgId: string }) => i.orgId === schoolA).code as string;
    const codeB = items.find((i: { orgId: string }) => i.orgId === branchB).code as string;
    expect(await redeem(branchB, codeA)).toEqual({ ok: false, code: 'REGISTRATION_CODE_MISMATCH', orgName: '机关团支部' });
    const flipped = [...codeA].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
    expect(flipped).not.toBe(codeA);
    expect((await redeem(schoolA, flipped)).ok).toBe(false);
    expect(await redeem(schoolA, codeA)).toEqual({ ok: true, orgId: schoolA, orgName: '第一中学团总支' });
    expect(await redeem(schoolA, codeA)).toEqual({ ok: false, code: 'REGISTRATION_CODE_USED', orgName: '第一中学团总支' });
    await generate(root, root, [branchB]);
    expect(await redeem(branchB, codeB)).toMatchObject({ ok: false, code: 'REGISTRATION_CODE_MISMATCH' });
    expect(await redeem(newId(), codeB)).toEqual({ ok: false, code: 'ORG_NOT_FOUND' });
  });

  it('expire', async () => {
    const orgs = orgModel(mongo);
    const codes = registrationCodeModel(mongo);
    const caller = { accountId: newId(), name: 'x', roles: [{ role: 'org_admin' as const, orgId: root }] };
    const [old] = await generateRegistrationCodes(
      { orgs, codes, ttlDays: 30 },
      caller,
      root,
      [branchB],
      new Date(Date.now() - 31 * 24 * 3600_000),
    );
    expect(await redeem(branchB, old!.code)).toEqual({ ok: false, code: 'REGISTRATION_CODE_EXPIRED', orgName: '机关团支部' });
  });

  it('let exactly one of many concurrent redemptions of the same code win', async () => {
    const { items } = await jsonBody(await generate(root, root, [branchB]));
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(branchB, items[0].code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'REGISTRATION_CODE_USED')).toHaveLength(9);
  });
});
