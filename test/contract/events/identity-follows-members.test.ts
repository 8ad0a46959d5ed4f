import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, serve, type CommandServer } from '@zhtj/bus';
import {
  createEvent,
  memberBranchChangedV1,
  memberCreatedV1,
  memberLocateV1,
  memberRemovedV1,
  newId,
  type CommandReply,
  type EventData,
} from '@zhtj/contracts';
import { connectRedis, createHttpApp, createLogger, createMetrics, type Redis } from '@zhtj/service-kit';
import { eventually, jsonBody } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import {
  composeIdentity,
  createApp,
  type IdentityGraph,
  issueAccessToken,
  startSubscriptions,
  testCommands,
  testIdentitySettings,
  identityCollections,
} from '@zhtj/identity/testing';
import { locateMember } from '@zhtj/membership/testing';
import { idNumberFor, type SagaHarness, startTransferAndMembership, type TestOrg } from '@zhtj/transfer/testing';
import { producedShape, readExample } from './examples.js';
import { connectMongo } from '@zhtj/store';

/**
 * identity ↔ membership: the locate command (request and both replies pinned; membership's real
 * responder answers, identity decides reset-code authority on the recorded replies), and the
 * MEMBER events identity now consumes — `member.branch_changed` and `member.removed`, replayed
 * from their recorded examples into identity's real consumers.
 */
type Located = CommandReply<typeof memberLocateV1>;
const subject = memberLocateV1.subject;
const infra = testInfra();
let h: SagaHarness;
let locate: CommandServer;
let identityDb: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let consumers: Array<{ stop(): Promise<void> }> = [];
const county: TestOrg = { id: newId(), name: '契约县团委', type: 'committee', ancestors: [] };
const a: TestOrg = { id: newId(), name: '契约甲团支部', type: 'branch', ancestors: [county.id] };

beforeAll(async () => {
  h = await startTransferAndMembership(infra);
  await h.publishOrgs([county, a]);
  locate = serve(h.bus, memberLocateV1, (req) => locateMember(h.membership.members, req));
  identityDb = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  await identityCollections(identityDb).accounts.init();
}, 120_000);
afterAll(async () => {
  for (const c of consumers) await c.stop();
  await locate?.stop();
  await identityDb?.close();
  redis?.disconnect();
  await h?.stop();
});

function identityWith(locateMember: IdentityGraph['locateMember']) {
  const graph = composeIdentity(identityDb, redis, testIdentitySettings(), testCommands({ locateMember }));
  const logger = createLogger({ service: 'identity', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const app = createHttpApp({ logger, metrics: createMetrics('identity'), readiness: [], bodyLimitBytes: 64 * 1024 });
  app.route('/', createApp(graph));
  return { graph, app };
}

describe('the locate command', () => {
  it('has recorded examples that parse with the contract', async () => {
    expect(memberLocateV1.request.safeParse(await readExample(subject)).success).toBe(true);
    for (const outcome of ['ok', 'missing']) {
      const parsed = memberLocateV1.reply.safeParse(await readExample(`${subject}.reply.${outcome}`));
      expect(parsed.success, `${outcome}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('is answered by membership in the recorded shapes, for a member and for a removed one', async () => {
    const res = await h.membershipCall(a.id, 'POST', `/orgs/${a.id}/members`, {
      name: '契约定位',
      idNumber: idNumberFor('20040708', 31, '510104'),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2016-09',
    });
    const { id } = await jsonBody(res);
    const requestShapes = await producedShape(subject, { memberId: id });
    expect(requestShapes.produced).toEqual(requestShapes.example);
    const found = await request(h.bus, memberLocateV1, { memberId: id });
    expect(found).toMatchObject({ ok: true, memberId: id, branchId: a.id, branchAncestors: [county.id] });
    const okShapes = await producedShape(`${subject}.reply.ok`, found);
    expect(okShapes.produced).toEqual(okShapes.example);

    await h.membershipCall(a.id, 'DELETE', `/members/${id}?version=1`);
    const missing = await request(h.bus, memberLocateV1, { memberId: id });
    expect(missing).toEqual({ ok: false, code: 'MEMBER_NOT_FOUND' });
    const missingShapes = await producedShape(`${subject}.reply.missing`, missing);
    expect(missingShapes.produced).toEqual(missingShapes.example);
  });

  it('decides, on the recorded replies, who may issue a reset code', async () => {
    const ok = (await readExample(`${subject}.reply.ok`)) as Extract<Located, { ok: true }>;
    await identityCollections(identityDb).accounts.create({
      _id: newId(),
      idNumber: ok.idNumber,
      name: '契约',
      roles: [{ role: 'member', orgId: ok.branchId }],
      memberId: ok.memberId,
    });
    const asAdminOf = async (graph: IdentityGraph, orgId: string) =>
      issueAccessToken(
        graph.keyRing,
        { accountId: newId(), name: '管理员', roles: [{ role: 'org_admin', orgId }], sessionId: newId(), generation: 0 },
        900,
      );
    const issue = async (reply: 'ok' | 'missing', orgId: string) => {
      const { graph, app } = identityWith(async () => (await readExample(`${subject}.reply.${reply}`)) as Located);
      return app.request(`/members/${ok.memberId}/password-reset-code`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await asAdminOf(graph, orgId)}` },
      });
    };
    expect((await issue('ok', ok.branchId)).status).toBe(201);
    expect((await issue('ok', ok.branchAncestors.at(-1)!)).status).toBe(201);
    expect((await jsonBody(await issue('ok', newId()))).code).toBe('MEMBER_NOT_FOUND');
    expect((await jsonBody(await issue('missing', ok.branchId))).code).toBe('MEMBER_NOT_FOUND');
  });
});

describe('the MEMBER events identity follows', () => {
  it('are applied from their recorded examples: the account moves, then is closed', async () => {
    const { graph } = identityWith(() => Promise.reject(new Error('not used here')));
    consumers = await startSubscriptions(h.bus, { ...graph.memberAccounts, bus: h.bus });
    const movedExample = (await readExample(memberBranchChangedV1.subject)) as EventData<typeof memberBranchChangedV1>;
    const removedExample = (await readExample(memberRemovedV1.subject)) as EventData<typeof memberRemovedV1>;
    expect(memberBranchChangedV1.schema.safeParse(movedExample).success).toBe(true);
    expect(memberRemovedV1.schema.safeParse(removedExample).success).toBe(true);

    // An account made from member.created for the example's record, in the branch it moves from.
    const memberId = movedExample.id;
    const idNumber = idNumberFor('20040708', 32, '510104');
    await h.bus.publish(
      createEvent(
        memberCreatedV1,
        {
          id: memberId,
          name: '契约跟随',
          idNumber,
          kind: 'member',
          branchId: movedExample.fromBranchId,
          branchAncestors: movedExample.branchAncestors,
          version: 1,
        },
        { source: 'membership' },
      ),
    );
    const account = () => identityCollections(identityDb).accounts.findOne({ idNumber }).lean();
    await eventually(async () => (await account()) !== null, 'account created');

    await h.bus.publish(createEvent(memberBranchChangedV1, movedExample, { source: 'membership' }));
    await eventually(async () => (await account())?.branchId === movedExample.branchId, 'the move followed');
    expect((await account())!.roles).toEqual([{ role: 'member', orgId: movedExample.branchId }]);

    const removal = { ...removedExample, id: memberId, branchId: movedExample.branchId, version: movedExample.version + 1 };
    await h.bus.publish(createEvent(memberRemovedV1, removal, { source: 'membership' }));
    await eventually(async () => (await account())?.memberRemoved === true, 'the removal followed');
    expect((await account())!.roles).toEqual([]);
  });
});
