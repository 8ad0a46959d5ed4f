import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, request } from '@zhtj/bus';
import { newId, registeredAdminView, registrationCodeCheckV1, registrationCodeRedeemV1 } from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics, type Redis } from '@zhtj/service-kit';
import { jsonBody, nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import {
  generateRegistrationCodes,
  organizationCollections,
  registrationCodeStores,
  serveCommands,
} from '@zhtj/organization/testing';
import { createApp } from '../src/app.js';
import { composeIdentity } from '../src/compose.js';
import { hashPassword } from '../src/crypto/password-hashing.js';
import { accountModel } from '../src/store/account.model.js';
import { PendingRegistrations } from '../src/usecases/pending-registrations.js';
import { testCommands, testIdentitySettings } from './settings.js';
import { connectMongo } from '@zhtj/store';

// identity's side of registration, against organization's real redeem responder on real NATS.
const infra = testInfra();
const settings = testIdentitySettings();
let identityDb: Awaited<ReturnType<typeof connectMongo>>;
let organizationDb: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let bus: Bus;
let app: ReturnType<typeof createHttpApp>;
const [root, orgA, orgB] = [newId(), newId(), newId()];

function build(redeemVia: Bus, overrides: Parameters<typeof testIdentitySettings>[0] = {}) {
  const logger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const built = createHttpApp({ logger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
  built.route(
    '/',
    createApp(
      composeIdentity(
        identityDb,
        redis,
        { ...settings, ...overrides },
        testCommands({
          checkCode: (req) => request(redeemVia, registrationCodeCheckV1, req, { timeoutMs: 500 }),
          redeemCode: (req) => request(redeemVia, registrationCodeRedeemV1, req, { timeoutMs: 500 }),
        }),
      ),
    ),
  );
  return built;
}

beforeAll(async () => {
  identityDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  organizationDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('organization') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  bus = await Bus.connect({ url: infra.natsUrl, name: 'identity-test', namespace: infra.namespace });
  await accountModel(identityDb).init();
  const { orgs } = organizationCollections(organizationDb);
  await orgs.create([
    { _id: root, name: '示例团委', type: 'committee', parentId: null, ancestors: [], depth: 0, status: 'active', version: 1 },
    {
      _id: orgA,
      name: '第一中学团委',
      type: 'committee',
      parentId: root,
      ancestors: [root],
      depth: 1,
      status: 'active',
      version: 1,
    },
    { _id: orgB, name: '机关团支部', type: 'branch', parentId: root, ancestors: [root], depth: 1, status: 'active', version: 1 },
  ]);
  serveCommands(bus, registrationCodeStores(organizationDb));
  app = build(bus);
});
afterAll(async () => {
  await bus.drain();
  await Promise.all([identityDb.close(), organizationDb.close()]);
  redis.disconnect();
  await removeNamespace(infra, infra.namespace);
});

const checkCode = (orgId: string, code: string) => request(bus, registrationCodeCheckV1, { orgId, code });

async function codeFor(orgId: string): Promise<string> {
  const caller = { accountId: newId(), name: '上级管理员', roles: [{ role: 'org_admin' as const, orgId: root }] };
  const [issued] = await generateRegistrationCodes({ ...registrationCodeStores(organizationDb), ttlDays: 30 }, caller, root, [
    orgId,
  ]);
  return issued!.code;
}

/** A registration as the form sends it, with a freshly answered captcha (unless the body brings its own). */
const register = async (body: Record<string, unknown>, target = app, address = '203.0.113.10') => {
  const captcha = await jsonBody(await target.request('/auth/captcha'));
  return target.request('/auth/register-admin', {
    method: 'POST',
    body: JSON.stringify({ captchaId: captcha.captchaId, captchaCode: captcha.code, ...body }),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
  });
};
const person = (idNumber: string, extra: Record<string, unknown> = {}) => ({
  name: '张伟',
  idNumber,
  phone: '13800138000',
  password: 'Admin2026ok',
  ...extra,
});

describe('admin registration', () => {
  it('creates an administrator account with the code of the chosen org, once', async () => {
    const code = await codeFor(orgA);
    const res = await register({ orgId: orgA, registrationCode: code, ...person('110101199003074477') });
    expect(res.status).toBe(201);
    const { accountId } = registeredAdminView.parse(await jsonBody(res));
    const account = await accountModel(identityDb).findById(accountId).lean();
    expect(account).toMatchObject({
      name: '张伟',
      phone: '13800138000',
      mustChangePassword: false,
      roles: [{ role: 'org_admin', orgId: orgA }],
    });
    expect(account!.outbox.map((e) => e.type)).toEqual(['identity.account_created', 'identity.admin_registered']);

    const again = await register({ orgId: orgA, registrationCode: code, ...person('110101199508161234') });
    expect(again.status).toBe(400);
    expect((await jsonBody(again)).code).toBe('REGISTRATION_CODE_USED');
  });

  it('says a code of another org is not the chosen org’s code, naming the chosen org only', async () => {
    const codeA = await codeFor(orgA);
    const res = await register({ orgId: orgB, registrationCode: codeA, ...person('110101200001011232') });
    expect(res.status).toBe(400);
    const problem = await jsonBody(res);
    expect(problem.code).toBe('REGISTRATION_CODE_MISMATCH');
    expect(problem.detail).toBe('您所填写的管理员注册码不是机关团支部的注册码');
    expect(problem.detail).not.toContain('第一中学');
  });

  it('upgrades an existing account only with its own password, and spends no code otherwise', async () => {
    const id = '11010519491231002X';
    await accountModel(identityDb).create({
      _id: newId(),
      idNumber: id,
      name: '李华',
      passwordHash: await hashPassword('Mine2026pass'),
      mustChangePassword: false,
      roles: [{ role: 'member', orgId: orgB }],
    });
    const code = await codeFor(orgB);
    const hijack = await register({ orgId: orgB, registrationCode: code, ...person(id, { password: 'Guess2026pass' }) });
    expect(hijack.status).toBe(401);
    const res = await register({ orgId: orgB, registrationCode: code, ...person(id, { password: 'Mine2026pass' }) });
    expect(res.status).toBe(201);
    const account = await accountModel(identityDb).findOne({ idNumber: id }).lean();
    expect(account!.roles.map((r) => r.role).sort()).toEqual(['member', 'org_admin']);
    expect(account!.name).toBe('李华');
  });

  it('asks an imported member to set their own password first', async () => {
    const id = '440305199501010014';
    await accountModel(identityDb).create({
      _id: newId(),
      idNumber: id,
      name: '赵敏',
      passwordHash: null,
      mustChangePassword: true,
      roles: [],
    });
    const res = await register({ orgId: orgA, registrationCode: await codeFor(orgA), ...person(id) });
    expect(res.status).toBe(403);
    expect((await jsonBody(res)).code).toBe('PASSWORD_CHANGE_REQUIRED');
    // The initial password is never a password anyone may choose.
    const initial = await register({
      orgId: orgA,
      registrationCode: await codeFor(orgA),
      ...person(id, { password: '01010014' }),
    });
    expect((await jsonBody(initial)).code).toBe('PASSWORD_POLICY');
  });

  it('says nothing about an account before the code is proven: the same answer for anyone, a captcha first', async () => {
    const id = nthIdNumber(1, { firstBirthday: '1988-04-01', region: '110101' });
    await accountModel(identityDb).create({
      _id: newId(),
      idNumber: id,
      name: '钱芳',
      passwordHash: await hashPassword('Known2026pass'),
      mustChangePassword: false,
      roles: [{ role: 'member', orgId: orgB }],
    });
    const initialOnly = nthIdNumber(2, { firstBirthday: '1988-04-01', region: '110101' });
    await accountModel(identityDb).create({
      _id: newId(),
      idNumber: initialOnly,
      name: '孙莉',
      passwordHash: null,
      mustChangePassword: true,
      roles: [{ role: 'member', orgId: orgB }],
    });
    await codeFor(orgB);
    const wrongCode = { orgId: orgB, registrationCode: 'NotTheCode234' };
    const answers = await Promise.all(
      [
        person(id, { password: 'Guess2026pass' }), // an account, a wrong password
        person(id, { password: 'Known2026pass' }), // an account, its password
        person(initialOnly, { password: 'Guess2026pass' }), // an account still on its initial password
        person('110101199508161234', { password: 'Guess2026pass' }), // no account at all
      ].map(async (body) => {
        const res = await register({ ...wrongCode, ...body });
        const { instance: _i, requestId: _r, ...problem } = await jsonBody(res);
        return { status: res.status, problem };
      }),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: 400, problem: { code: 'REGISTRATION_CODE_MISMATCH' } });

    // No captcha, or a wrong one: refused before anything else is looked at.
    const bare = await app.request('/auth/register-admin', {
      method: 'POST',
      body: JSON.stringify({ ...wrongCode, ...person(id, { password: 'Known2026pass' }) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bare.status).toBe(400);
    expect((await jsonBody(bare)).errors.map((e: { path: string }) => e.path)).toEqual(['captchaId', 'captchaCode']);
    const badCaptcha = await register({ ...wrongCode, ...person(id), captchaId: newId(), captchaCode: 'ZZZZ' });
    expect((await jsonBody(badCaptcha)).code).toBe('CAPTCHA_INVALID');
  });

  it('counts a wrong password with login’s failures: the number is then locked for both', async () => {
    const id = nthIdNumber(3, { firstBirthday: '1988-04-01', region: '110101' });
    await accountModel(identityDb).create({
      _id: newId(),
      idNumber: id,
      name: '周婷',
      passwordHash: await hashPassword('Owner2026pass'),
      mustChangePassword: false,
      roles: [{ role: 'member', orgId: orgB }],
    });
    const code = await codeFor(orgB);
    const strict = build(bus, { LOGIN_MAX_FAILURES: 3 });
    for (let i = 0; i < 3; i += 1) {
      const res = await register({ orgId: orgB, registrationCode: code, ...person(id, { password: `Guess${i}2026x` }) }, strict);
      expect((await jsonBody(res)).code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await register({ orgId: orgB, registrationCode: code, ...person(id, { password: 'Owner2026pass' }) }, strict);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const captcha = await jsonBody(await strict.request('/auth/captcha'));
    const login = await strict.request('/auth/login', {
      method: 'POST',
      body: JSON.stringify({ idNumber: id, password: 'Owner2026pass', captchaId: captcha.captchaId, captchaCode: captcha.code }),
      headers: { 'content-type': 'application/json' },
    });
    expect((await jsonBody(login)).code).toBe('TOO_MANY_ATTEMPTS');
    // The code was never spent: the owner registers with it once the lock is over.
    expect((await checkCode(orgB, code)).ok).toBe(true);
  });

  it('checks the form before spending anything', async () => {
    const code = await codeFor(orgA);
    expect(
      (
        await jsonBody(
          await register({ orgId: orgA, registrationCode: code, ...person('110101199307074471', { password: 'weak' }) }),
        )
      ).code,
    ).toBe('ID_NUMBER_INVALID');
    expect(
      (
        await jsonBody(
          await register({ orgId: orgA, registrationCode: code, ...person('110101200001011232', { phone: '12345' }) }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await jsonBody(
          await register({ orgId: orgA, registrationCode: code, ...person('110101200001011232', { password: 'weakpass' }) }),
        )
      ).code,
    ).toBe('PASSWORD_POLICY');
    expect((await register({ orgId: orgA, registrationCode: code, ...person('110101200001011232') })).status).toBe(201);
  });

  it('can be repeated after identity stopped between spending the code and writing the account', async () => {
    const id = nthIdNumber(4, { firstBirthday: '1988-04-01', region: '110101' });
    const code = await codeFor(orgA);
    // The first try: the code spent for the account id of this person's registration, then nothing.
    const accountId = await new PendingRegistrations(redis).accountIdFor(id, orgA);
    expect(await request(bus, registrationCodeRedeemV1, { orgId: orgA, code, accountId })).toMatchObject({ ok: true });
    // The person tries again: the same code works for them, and only for them.
    const again = await register({ orgId: orgA, registrationCode: code, ...person(id) });
    expect(again.status).toBe(201);
    expect((await jsonBody(again)).accountId).toBe(accountId);
    const other = await register({
      orgId: orgA,
      registrationCode: code,
      ...person(nthIdNumber(5, { firstBirthday: '1988-04-01' })),
    });
    expect((await jsonBody(other)).code).toBe('REGISTRATION_CODE_USED');
    // A third try (its answer lost too) changes nothing.
    expect((await register({ orgId: orgA, registrationCode: code, ...person(id) })).status).toBe(201);
    const account = await accountModel(identityDb).findById(accountId).lean();
    expect(account!.roles).toEqual([{ role: 'org_admin', orgId: orgA }]);
    expect(account!.outbox.filter((e) => e.type === 'identity.admin_registered')).toHaveLength(1);
  });

  it('lets exactly one of two people registering with the same code at once succeed', async () => {
    const code = await codeFor(orgB);
    const results = await Promise.all([
      register({ orgId: orgB, registrationCode: code, ...person('320102199001010010') }),
      register({ orgId: orgB, registrationCode: code, ...person('320102199001010037') }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
  });

  it('answers 503 naming organization when nobody answers the redeem request', async () => {
    const lonely = await Bus.connect({ url: infra.natsUrl, name: 'lonely', namespace: `${infra.namespace}x` });
    const res = await register(
      { orgId: orgA, registrationCode: 'whatever-code', ...person('110101199508161234') },
      build(lonely),
    );
    await lonely.drain();
    expect(res.status).toBe(503);
    expect((await jsonBody(res)).detail).toContain('organization');
  });
});
