import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwksView, newId, passwordResetCodeView, type CommandReply, type memberLocateV1 } from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics, createTokenVerifier, type Redis } from '@zhtj/service-kit';
import { jsonBody, nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createApp } from '../src/app.js';
import { composeIdentity } from '../src/compose.js';
import { hashPassword } from '../src/crypto/password-hashing.js';
import { accountModel } from '../src/store/account.model.js';
import { issueAccessToken } from '../src/tokens/access-token.js';
import { issueResetCode } from '../src/usecases/password-reset.js';
import { testCommands, testIdentitySettings } from './settings.js';
import { connectMongo } from '@zhtj/store';

const infra = testInfra();
const settings = testIdentitySettings({ LOGIN_MAX_FAILURES: 5, LOGIN_LOCK_SEC: 2 });
const ADMIN_ID = '110101199003074477';
const ADMIN_PASSWORD = 'Admin2026pass';
const MEMBER_ID = '11010519491231002X';
const orgId = newId();

let mongo: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let app: ReturnType<typeof createHttpApp>;
let deps: ReturnType<typeof composeIdentity>;
let server: ServerType;
let baseUrl: string;
const quietLogger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
/** Where membership says each member is now. */
const membershipSays = new Map<string, CommandReply<typeof memberLocateV1>>();

beforeAll(async () => {
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  const Account = accountModel(mongo);
  await Account.init();
  await Account.create([
    {
      _id: newId(),
      idNumber: ADMIN_ID,
      name: '示例管理员',
      passwordHash: await hashPassword(ADMIN_PASSWORD),
      mustChangePassword: false,
      roles: [{ role: 'org_admin', orgId }],
    },
    {
      _id: newId(),
      idNumber: MEMBER_ID,
      name: '李华',
      passwordHash: null,
      mustChangePassword: true,
      roles: [{ role: 'member', orgId }],
    },
  ]);
  app = createHttpApp({ logger: quietLogger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
  deps = composeIdentity(
    mongo,
    redis,
    settings,
    testCommands({
      // membership's answer, as the test says it is (the command's replies are pinned in test/contract).
      locateMember: async ({ memberId }) => membershipSays.get(memberId) ?? { ok: false, code: 'MEMBER_NOT_FOUND' },
    }),
  );
  app.route('/', createApp(deps));
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await mongo.close();
  redis.disconnect();
  await removeNamespace(infra, infra.namespace);
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

async function captcha(): Promise<{ captchaId: string; captchaCode: string }> {
  const body = await jsonBody(await app.request('/auth/captcha'));
  return { captchaId: body.captchaId, captchaCode: body.code };
}

async function loginAs(idNumber: string, password: string, address = '198.51.100.1') {
  return post('/auth/login', { idNumber, password, ...(await captcha()) }, { 'x-forwarded-for': address });
}

describe('captcha', () => {
  it('is an SVG image whose answer works once', async () => {
    const issued = await jsonBody(await app.request('/auth/captcha'));
    expect(issued.image).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(issued.code).toMatch(/^\w{4}$/);
    const body = {
      idNumber: ADMIN_ID,
      password: ADMIN_PASSWORD,
      captchaId: issued.captchaId,
      captchaCode: issued.code.toUpperCase(),
    };
    expect((await post('/auth/login', body)).status).toBe(200);
    const again = await post('/auth/login', body);
    expect(again.status).toBe(400);
    expect((await jsonBody(again)).code).toBe('CAPTCHA_INVALID');
  });

  it('is burnt by a wrong guess', async () => {
    const { captchaId, captchaCode } = await captcha();
    expect(
      (
        await jsonBody(
          await post('/auth/login', { idNumber: ADMIN_ID, password: ADMIN_PASSWORD, captchaId, captchaCode: 'zzzz' }),
        )
      ).code,
    ).toBe('CAPTCHA_INVALID');
    expect(
      (await jsonBody(await post('/auth/login', { idNumber: ADMIN_ID, password: ADMIN_PASSWORD, captchaId, captchaCode }))).code,
    ).toBe('CAPTCHA_INVALID');
  });
});

describe('login', () => {
  it('answers a malformed or legacy ID number before anything else', async () => {
    const malformed = await loginAs('110101199003074478', ADMIN_PASSWORD);
    expect(malformed.status).toBe(400);
    expect((await jsonBody(malformed)).code).toBe('ID_NUMBER_INVALID');
    expect((await jsonBody(await loginAs('110105491231002', 'x'))).code).toBe('ID_NUMBER_LEGACY');
    expect(
      (await jsonBody(await post('/auth/login', { idNumber: { $gt: '' }, password: 'x', captchaId: 'a', captchaCode: 'b' })))
        .code,
    ).toBe('VALIDATION_FAILED');
  });

  it('gives the same answer for an unregistered number and a wrong password', async () => {
    const unknown = await loginAs('110101200001011232', 'Whatever123');
    const wrong = await loginAs(ADMIN_ID, 'Wrong-password-1', '198.51.100.2');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await jsonBody(unknown), await jsonBody(wrong)];
    expect(a).toEqual({ ...b, instance: a.instance });
    expect(a.code).toBe('INVALID_CREDENTIALS');
  });

  it('signs an imported member in with the initial password and asks them to change it', async () => {
    const res = await loginAs(MEMBER_ID, '1231002x');
    expect(res.status).toBe(200);
    const body = await jsonBody(res);
    expect(body.mustChangePassword).toBe(true);
    expect(body.account).toMatchObject({ name: '李华', roles: [{ role: 'member', orgId }] });
  });

  it('shows the signed-in account at /auth/me, its ID number masked, and nothing without a token', async () => {
    const { accessToken } = await jsonBody(await loginAs(MEMBER_ID, '1231002x'));
    const res = await fetch(`${baseUrl}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    const me = await jsonBody(res);
    expect(me).toMatchObject({ name: '李华', mustChangePassword: true, roles: [{ role: 'member', orgId }] });
    expect(me.idNumber).not.toBe(MEMBER_ID);
    expect(me.idNumber).toMatch(/^\d{6}\*+\w{4}$/);
    expect(me).not.toHaveProperty('passwordHash');
    expect((await fetch(`${baseUrl}/auth/me`)).status).toBe(401);
  });

  it('issues an ES256 access token that services verify through the JWKS', async () => {
    const body = await jsonBody(await loginAs(ADMIN_ID, ADMIN_PASSWORD));
    expect(body).toMatchObject({ expiresIn: 900, mustChangePassword: false });
    const verify = createTokenVerifier({ jwksUrl: `${baseUrl}/.well-known/jwks.json` });
    expect(await verify(body.accessToken)).toEqual({
      accountId: body.account.id,
      name: '示例管理员',
      roles: [{ role: 'org_admin', orgId }],
      sessionId: expect.any(String),
    });
    const header = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
  });

  it('locks a number after 5 failures with 429 and Retry-After, and lets it in again after the lock', async () => {
    const id = '110101199508161234';
    await accountModel(mongo).create({
      _id: newId(),
      idNumber: id,
      name: '王五',
      passwordHash: await hashPassword('Right2026pass'),
      mustChangePassword: false,
      roles: [{ role: 'member', orgId }],
    });
    for (let i = 0; i < 5; i++) expect((await loginAs(id, `wrong-${i}-pass`)).status).toBe(401);
    const locked = await loginAs(id, 'Right2026pass');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await jsonBody(locked)).code).toBe('TOO_MANY_ATTEMPTS');
    // Let in again once the lock is over (2 s here): waited for as a condition, not a clock.
    const retryAfter = Number(locked.headers.get('retry-after'));
    const started = Date.now();
    let status = 429;
    while (status === 429 && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await loginAs(id, 'Right2026pass')).status;
    }
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual((retryAfter - 1) * 1000);
  });

  it('forgets earlier failures after a success', async () => {
    for (let i = 0; i < 4; i++) await loginAs(ADMIN_ID, `wrong-${i}-pass`);
    expect((await loginAs(ADMIN_ID, ADMIN_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await loginAs(ADMIN_ID, `wrong-${i}-pass`);
    expect((await loginAs(ADMIN_ID, ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe('the client address', () => {
  // A number with no account: its failures count all the same, and touch no other test's.
  const STRANGER_ID = nthIdNumber(7, { firstBirthday: '1993-03-03', region: '110101' });
  /** identity on a real socket, with a small per-address allowance (2 failures, then one an hour). */
  async function served(trustedProxies: string[]) {
    const served = createHttpApp({
      logger: quietLogger,
      metrics: createMetrics('identity'),
      readiness: [],
      bodyLimitBytes: 64 * 1024,
    });
    const d = composeIdentity(
      mongo,
      redis,
      testIdentitySettings({ TRUSTED_PROXIES: trustedProxies, LOGIN_MAX_FAILURES_PER_IP: 2, LOGIN_FAILURES_PER_IP_PER_HOUR: 1 }),
      testCommands(),
    );
    served.route('/', createApp(d));
    const s = serve({ fetch: served.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => s.once('listening', resolve));
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const login = async (forwardedFor: string) => {
      const c = await jsonBody(await fetch(`${url}/auth/captcha`));
      const res = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ idNumber: STRANGER_ID, password: 'Wrong2026pass', captchaId: c.captchaId, captchaCode: c.code }),
      });
      return (await jsonBody(res)).code as string;
    };
    return { login, close: () => s.close() };
  }

  it('is what the gateway wrote, from the gateway’s address — and the socket’s own from anyone else', async () => {
    // The gateway's address (loopback here) is trusted: each client it names has its own allowance.
    const behindGateway = await served(['127.0.0.1/32']);
    try {
      expect(await behindGateway.login('203.0.113.50')).toBe('INVALID_CREDENTIALS');
      expect(await behindGateway.login('203.0.113.50')).toBe('INVALID_CREDENTIALS');
      expect(await behindGateway.login('203.0.113.50')).toBe('TOO_MANY_ATTEMPTS');
      expect(await behindGateway.login('203.0.113.51')).toBe('INVALID_CREDENTIALS');
    } finally {
      behindGateway.close();
    }
    // From an address it does not trust, X-Forwarded-For is the caller's word and changes nothing.
    const untrusting = await served([]);
    try {
      expect(await untrusting.login('203.0.113.60')).toBe('INVALID_CREDENTIALS');
      expect(await untrusting.login('203.0.113.61')).toBe('INVALID_CREDENTIALS');
      expect(await untrusting.login('203.0.113.62')).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      untrusting.close();
    }
  });
});

describe('refresh tokens', () => {
  it('rotate on each use, and a reused one revokes its whole family', async () => {
    const first = await jsonBody(await loginAs(ADMIN_ID, ADMIN_PASSWORD));
    const second = await jsonBody(await post('/auth/refresh', { refreshToken: first.refreshToken }));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).toBeTruthy();
    const reuse = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect((await jsonBody(reuse)).code).toBe('REFRESH_TOKEN_INVALID');
    expect((await post('/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
  });

  it('stop working after logout, and forged ones never work', async () => {
    const session = await jsonBody(await loginAs(ADMIN_ID, ADMIN_PASSWORD));
    const other = await jsonBody(await loginAs(ADMIN_ID, ADMIN_PASSWORD));
    expect((await post('/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    // The session's access token stops working at once; another session of the account does not.
    await expect(deps.verifyToken(session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(await deps.verifyToken(other.accessToken)).toMatchObject({ name: '示例管理员' });
    const [id] = session.refreshToken.split('.');
    expect((await post('/auth/refresh', { refreshToken: `${id}.forged-secret` })).status).toBe(401);
  });
});

describe('password change', () => {
  it('needs a token, the right old password and a new one that meets the policy; then old sessions die', async () => {
    const session = await jsonBody(await loginAs(MEMBER_ID, '1231002X'));
    const auth = { authorization: `Bearer ${session.accessToken}` };
    expect((await post('/auth/password', { oldPassword: '1231002X', newPassword: 'Better2026x' })).status).toBe(401);
    expect((await jsonBody(await post('/auth/password', { oldPassword: 'nope', newPassword: 'Better2026x' }, auth))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await jsonBody(await post('/auth/password', { oldPassword: '1231002X', newPassword: '1231002X' }, auth))).code).toBe(
      'PASSWORD_POLICY',
    );
    expect((await post('/auth/password', { oldPassword: '1231002X', newPassword: 'Better2026x' }, auth)).status).toBe(204);

    // Every session ends at once, this one included: its access token too, not in 15 minutes.
    await expect(deps.verifyToken(session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await loginAs(MEMBER_ID, '1231002X')).status).toBe(401);
    const again = await jsonBody(await loginAs(MEMBER_ID, 'Better2026x', '198.51.100.9'));
    expect(again.mustChangePassword).toBe(false);
    const stored = await accountModel(mongo).findOne({ idNumber: MEMBER_ID }).lean();
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored!.outbox.map((e) => e.type)).toContain('identity.password_changed');
  });
});

describe('the signing keys', () => {
  it('are published in the JWKS and stored sealed, never as a plain private key', async () => {
    const jwks = jwksView.parse(await jsonBody(await app.request('/.well-known/jwks.json')));
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const raw = await mongo.db!.collection('signing_keys').findOne({});
    expect(JSON.stringify(raw)).not.toContain('"d"');
  });
});

describe('password reset codes', () => {
  const root = newId();
  const parent = newId();
  const branch = newId();
  const memberId = newId();
  const RESET_ID = '440305199501010014';
  const tokenFor = (orgIdOfAdmin: string) =>
    issueAccessToken(
      deps.keyRing,
      {
        accountId: newId(),
        name: '管理员',
        roles: [{ role: 'org_admin', orgId: orgIdOfAdmin }],
        sessionId: newId(),
        generation: 0,
      },
      900,
    );
  const issue = async (orgIdOfAdmin: string, id = memberId) =>
    app.request(`/members/${id}/password-reset-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(orgIdOfAdmin)}` },
    });
  const reset = async (resetCode: string, newPassword = 'Reset2026ok') =>
    post(
      '/auth/reset-password',
      { idNumber: RESET_ID, resetCode, newPassword, ...(await captcha()) },
      { 'x-forwarded-for': '198.51.100.77' },
    );

  beforeAll(async () => {
    await accountModel(mongo).create({
      _id: newId(),
      idNumber: RESET_ID,
      name: '赵敏',
      passwordHash: await hashPassword('Forgotten2026'),
      mustChangePassword: false,
      roles: [{ role: 'member', orgId: branch }],
      memberId,
      branchId: branch,
      branchAncestors: [root, parent],
    });
    membershipSays.set(memberId, { ok: true, memberId, idNumber: RESET_ID, branchId: branch, branchAncestors: [root, parent] });
  });

  it('are issued by the branch admin or the branch’s direct superior admin, and nobody else', async () => {
    const issued = await issue(branch);
    expect(issued.status).toBe(201);
    // The answer in the shape the OpenAPI document gives it (the portal is typed from it).
    expect(passwordResetCodeView.parse(await jsonBody(issued)).code.length).toBeGreaterThan(0);
    expect((await issue(parent)).status).toBe(201);
    const grandparent = await issue(root);
    expect(grandparent.status).toBe(403);
    expect((await jsonBody(grandparent)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await jsonBody(await issue(branch, newId()))).code).toBe('MEMBER_NOT_FOUND');
    expect((await app.request(`/members/${memberId}/password-reset-code`, { method: 'POST' })).status).toBe(401);
  });

  it('follow the member’s branch as membership says it is now, not identity’s copy of it', async () => {
    // The member moved to a branch elsewhere; identity has not heard of it yet (its copy says `branch`).
    const elsewhere = newId();
    membershipSays.set(memberId, { ok: true, memberId, idNumber: RESET_ID, branchId: elsewhere, branchAncestors: [root] });
    try {
      const former = await issue(branch);
      expect(former.status).toBe(404); // the former branch's admin no longer even sees the member
      expect((await jsonBody(former)).code).toBe('MEMBER_NOT_FOUND');
      expect((await jsonBody(await issue(parent))).code).toBe('MEMBER_NOT_FOUND');
      expect((await issue(elsewhere)).status).toBe(201);
      expect((await issue(root)).status).toBe(201); // the new branch's direct superior
      // Removed in membership: nobody issues a code any more.
      membershipSays.set(memberId, { ok: false, code: 'MEMBER_NOT_FOUND' });
      expect((await jsonBody(await issue(elsewhere))).code).toBe('MEMBER_NOT_FOUND');
    } finally {
      membershipSays.set(memberId, { ok: true, memberId, idNumber: RESET_ID, branchId: branch, branchAncestors: [root, parent] });
    }
  });

  it('let the member set a new password once, valid for two days; the old password and the code then stop working', async () => {
    const issued = await jsonBody(await issue(branch));
    expect(issued.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const hours = (Date.parse(issued.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);
    expect((await jsonBody(await reset(issued.code, 'short'))).code).toBe('PASSWORD_POLICY');
    expect((await reset(issued.code.toLowerCase())).status).toBe(204);
    expect((await jsonBody(await reset(issued.code, 'Another2026ok'))).code).toBe('RESET_CODE_INVALID');
    expect((await loginAs(RESET_ID, 'Forgotten2026', '198.51.100.78')).status).toBe(401);
    const session = await loginAs(RESET_ID, 'Reset2026ok', '198.51.100.78');
    expect(session.status).toBe(200);
    // A member's token names their member record, so services know whose data is their own.
    const verify = createTokenVerifier({ jwksUrl: `${baseUrl}/.well-known/jwks.json` });
    expect(await verify((await jsonBody(session)).accessToken)).toMatchObject({ memberId });
  });

  it('work for a number locked by someone else’s guesses, and lift the lock; a lock is told only after a right captcha', async () => {
    // identity with a long lock, on the same database and Redis.
    const strict = createHttpApp({
      logger: quietLogger,
      metrics: createMetrics('identity'),
      readiness: [],
      bodyLimitBytes: 64 * 1024,
    });
    const strictDeps = composeIdentity(
      mongo,
      redis,
      testIdentitySettings({ LOGIN_MAX_FAILURES: 3, LOGIN_LOCK_SEC: 600 }),
      testCommands({
        locateMember: async ({ memberId: id }) => membershipSays.get(id) ?? { ok: false, code: 'MEMBER_NOT_FOUND' },
      }),
    );
    strict.route('/', createApp(strictDeps));
    const send = async (path: string, body: Record<string, unknown>, withCaptcha = true) => {
      const captcha = withCaptcha ? await jsonBody(await strict.request('/auth/captcha')) : { captchaId: newId(), code: 'ZZZZ' };
      return strict.request(path, {
        method: 'POST',
        body: JSON.stringify({ ...body, captchaId: captcha.captchaId, captchaCode: captcha.code }),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.91' },
      });
    };
    for (let i = 0; i < 3; i += 1) await send('/auth/login', { idNumber: RESET_ID, password: `Attacker${i}2026` });
    const locked = await send('/auth/login', { idNumber: RESET_ID, password: 'Reset2026ok' });
    expect((await jsonBody(locked)).code).toBe('TOO_MANY_ATTEMPTS');
    // Without a right captcha, nothing says the number is locked.
    expect((await jsonBody(await send('/auth/login', { idNumber: RESET_ID, password: 'x' }, false))).code).toBe(
      'CAPTCHA_INVALID',
    );

    // The member asks the branch admin for a code; it works through the lock and lifts it.
    const issued = await jsonBody(await issue(branch));
    expect(
      (await send('/auth/reset-password', { idNumber: RESET_ID, resetCode: issued.code, newPassword: 'Unlocked2026ok' })).status,
    ).toBe(204);
    expect((await send('/auth/login', { idNumber: RESET_ID, password: 'Unlocked2026ok' })).status).toBe(200);
  });

  it('refuses an expired code, and a code replaced by a newer one', async () => {
    const expired = await issueResetCode(
      deps,
      { accountId: newId(), name: 'x', roles: [{ role: 'org_admin', orgId: branch }] },
      memberId,
      new Date(Date.now() - 3 * 24 * 3600_000),
    );
    expect((await jsonBody(await reset(expired.code))).code).toBe('RESET_CODE_INVALID');
    const first = await jsonBody(await issue(branch));
    await issue(branch);
    expect((await jsonBody(await reset(first.code))).code).toBe('RESET_CODE_INVALID');
  });
});
