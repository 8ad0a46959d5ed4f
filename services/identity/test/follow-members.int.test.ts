import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '@zhtj/bus';
import {
  createEvent,
  memberBranchChangedV1,
  memberCreatedV1,
  memberRemovedV1,
  newId,
  type EventEnvelope,
  AppError,
} from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics, type Redis } from '@zhtj/service-kit';
import { eventually, jsonBody, nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { createApp } from '../src/app.js';
import { composeIdentity, type IdentityGraph } from '../src/compose.js';
import { hashPassword } from '../src/crypto/password-hashing.js';
import { startSubscriptions } from '../src/events/subscriptions.js';
import { accountModel } from '../src/store/account.model.js';
import { testCommands, testIdentitySettings } from './settings.js';
import { connectMongo } from '@zhtj/store';

/**
 * Accounts follow their member records through membership's events, against real NATS,
 * FerretDB and Redis: a transfer moves the member role, a removal takes it (and, for a pure
 * member, every session), a re-add elsewhere replaces it, and events out of order or delivered
 * twice end in the same state.
 */
const infra = testInfra();
let bus: Bus;
let mongo: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let identity: IdentityGraph;
let app: ReturnType<typeof createHttpApp>;
let consumers: Array<{ stop(): Promise<void> }>;

beforeAll(async () => {
  bus = await Bus.connect({ url: infra.natsUrl, name: 'identity-follow-test', namespace: infra.namespace });
  await bus.ensureStreams();
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  await accountModel(mongo).init();
  identity = composeIdentity(mongo, redis, testIdentitySettings(), testCommands());
  const logger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
  app = createHttpApp({ logger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(identity));
  consumers = await startSubscriptions(bus, { ...identity.memberAccounts, bus });
});
afterAll(async () => {
  for (const c of consumers ?? []) await c.stop();
  await bus?.drain();
  await mongo?.close();
  redis?.disconnect();
  await removeNamespace(infra, infra.namespace);
});

const root = newId();
const [branchA, branchB, branchC] = [newId(), newId(), newId()];
const person = (n: number) => nthIdNumber(n, { firstBirthday: '2003-02-01', region: '330106' });

const created = (memberId: string, idNumber: string, branchId: string): EventEnvelope =>
  createEvent(
    memberCreatedV1,
    { id: memberId, name: '钱多多', idNumber, kind: 'member', branchId, branchAncestors: [root], version: 1 },
    { source: 'membership' },
  );
const moved = (memberId: string, from: string, to: string, version: number): EventEnvelope =>
  createEvent(
    memberBranchChangedV1,
    { id: memberId, branchId: to, branchAncestors: [root], version, fromBranchId: from, transferId: newId() },
    { source: 'membership' },
  );
const removed = (memberId: string, branchId: string, version: number): EventEnvelope =>
  createEvent(memberRemovedV1, { id: memberId, branchId, version }, { source: 'membership' });

const post = (path: string, body: unknown) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
async function login(idNumber: string, password = idNumber.slice(-8)) {
  const captcha = await jsonBody(await app.request('/auth/captcha'));
  return post('/auth/login', { idNumber, password, captchaId: captcha.captchaId, captchaCode: captcha.code });
}
const account = (idNumber: string) => accountModel(mongo).findOne({ idNumber }).lean();
const memberRoles = async (idNumber: string) =>
  (await account(idNumber))?.roles.filter((r) => r.role === 'member').map((r) => r.orgId) ?? [];
/** What the services' verifiers say of a token: its caller, or the refusal's code. */
const verdict = (token: string) =>
  identity.verifyToken(token).then(
    (caller) => caller,
    (error: unknown) => (error instanceof AppError ? error.code : Promise.reject(error)),
  );

describe('an account following its member record', () => {
  it('moves with a transfer: one member role, of the new branch; older tokens stop working; a refresh gets the new role', async () => {
    const idNumber = person(1);
    const memberId = newId();
    await bus.publish(created(memberId, idNumber, branchA));
    await eventually(async () => (await account(idNumber)) !== null, 'account created');
    const session = await jsonBody(await login(idNumber));
    expect(await verdict(session.accessToken)).toMatchObject({ roles: [{ role: 'member', orgId: branchA }], memberId });

    await bus.publish(moved(memberId, branchA, branchB, 3));
    await eventually(async () => (await memberRoles(idNumber)).join() === branchB, 'the member role moved');
    expect(await account(idNumber)).toMatchObject({ branchId: branchB, memberVersion: 3, memberRemoved: false });
    // The token still names branch A: revoked at once, not in 15 minutes.
    await eventually(async () => (await verdict(session.accessToken)) === 'TOKEN_REVOKED', 'the old token revoked');
    const refreshed = await jsonBody(await post('/auth/refresh', { refreshToken: session.refreshToken }));
    expect(await verdict(refreshed.accessToken)).toMatchObject({ roles: [{ role: 'member', orgId: branchB }] });

    // The same move delivered again (a new event id, so JetStream keeps it), and an older one: nothing changes.
    const before = await account(idNumber);
    await bus.publish(moved(memberId, branchA, branchB, 3));
    await bus.publish(moved(memberId, branchC, branchA, 2));
    const marker = person(99);
    await bus.publish(created(newId(), marker, branchC));
    await eventually(async () => (await account(marker)) !== null, 'later events handled');
    await eventually(async () => (await consumerPending('identity-member-placements')) === 0, 'placements consumer idle');
    const after = await account(idNumber);
    expect(after).toMatchObject({ branchId: branchB, memberVersion: 3, version: before!.version });
    expect(await verdict(refreshed.accessToken)).toMatchObject({ roles: [{ role: 'member', orgId: branchB }] });
  });

  it('is closed by a removal: no login, no refresh, no token; a re-add elsewhere opens it with that branch only', async () => {
    const idNumber = person(2);
    const first = newId();
    await bus.publish(created(first, idNumber, branchA));
    await eventually(async () => (await account(idNumber)) !== null, 'account created');
    const session = await jsonBody(await login(idNumber));

    await bus.publish(removed(first, branchA, 2));
    await eventually(async () => (await account(idNumber))?.memberRemoved === true, 'the removal followed');
    expect(await memberRoles(idNumber)).toEqual([]);
    const refused = await login(idNumber);
    expect(refused.status).toBe(401);
    expect((await jsonBody(refused)).code).toBe('INVALID_CREDENTIALS');
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect(await verdict(session.accessToken)).toBe('TOKEN_REVOKED');

    // Re-added (a corrected record) in another branch: a new record id, the same person.
    const second = newId();
    await bus.publish(created(second, idNumber, branchC));
    await eventually(async () => (await account(idNumber))?.memberId === second, 'the re-add followed');
    expect(await memberRoles(idNumber)).toEqual([branchC]);
    const again = await jsonBody(await login(idNumber));
    expect(await verdict(again.accessToken)).toMatchObject({ roles: [{ role: 'member', orgId: branchC }], memberId: second });

    // A late redelivery of the first record's creation does not pull the account back.
    await bus.publish(created(first, idNumber, branchA));
    const marker = person(98);
    await bus.publish(created(newId(), marker, branchC));
    await eventually(async () => (await account(marker)) !== null, 'later events handled');
    expect(await account(idNumber)).toMatchObject({ memberId: second, branchId: branchC });
    expect(await memberRoles(idNumber)).toEqual([branchC]);
  });

  it('keeps an admin’s own roles when their member record is removed, and their sessions', async () => {
    const idNumber = person(3);
    await accountModel(mongo).create({
      _id: newId(),
      idNumber,
      name: '孙管理',
      passwordHash: await hashPassword('Admin2026pass'),
      mustChangePassword: false,
      roles: [{ role: 'org_admin', orgId: root }],
    });
    const memberId = newId();
    await bus.publish(created(memberId, idNumber, branchA));
    await eventually(async () => (await memberRoles(idNumber)).join() === branchA, 'the admin is a member too');
    const session = await jsonBody(await login(idNumber, 'Admin2026pass'));
    await bus.publish(removed(memberId, branchA, 2));
    await eventually(async () => (await account(idNumber))?.memberRemoved === true, 'the removal followed');
    expect((await account(idNumber))!.roles).toEqual([{ role: 'org_admin', orgId: root }]);
    // The token named the member role too: revoked; the session itself goes on.
    expect(await verdict(session.accessToken)).toBe('TOKEN_REVOKED');
    const refreshed = await jsonBody(await post('/auth/refresh', { refreshToken: session.refreshToken }));
    const caller = await verdict(refreshed.accessToken);
    expect(caller).toMatchObject({ roles: [{ role: 'org_admin', orgId: root }] });
    expect(caller).not.toHaveProperty('memberId');
  });

  it('ends right when a move is handled before the creation it follows (two consumers, a backlog)', async () => {
    const idNumber = person(4);
    const memberId = newId();
    // The move first: the account does not exist yet, so it is only recorded …
    await bus.publish(moved(memberId, branchA, branchB, 2));
    await eventually(async () => await identity.memberAccounts.follow.placements.has(memberId), 'recorded');
    // … and applied when the creation arrives.
    await bus.publish(created(memberId, idNumber, branchA));
    await eventually(async () => (await account(idNumber))?.branchId === branchB, 'the early move applied');
    expect(await memberRoles(idNumber)).toEqual([branchB]);
    expect(await account(idNumber)).toMatchObject({ memberVersion: 2 });
  });
});

/** What a consumer still has to handle — on a server that filters on one subject, summed over its per-subject durables. */
async function consumerPending(durable: string): Promise<number> {
  let pending = 0;
  for await (const info of bus.manager.consumers.list(bus.namespace.stream('MEMBER'))) {
    if (info.name === durable || info.name.startsWith(`${durable}-`)) pending += info.num_pending + info.num_ack_pending;
  }
  return pending;
}
