import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '@zhtj/bus';
import { createEvent, memberCreatedV1, newId, type EventEnvelope } from '@zhtj/contracts';
import { connectRedis, type Redis } from '@zhtj/service-kit';
import { nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { composeIdentity, type IdentityGraph } from '../src/compose.js';
import { accountBatchModel } from '../src/store/account-batch.model.js';
import { sweepAccountBatches } from '../src/events/create-member-accounts.handler.js';
import { startSubscriptions } from '../src/events/subscriptions.js';
import { accountModel } from '../src/store/account.model.js';
import { AccountRepository } from '../src/store/account.repository.js';
import { testCommands, testIdentitySettings } from './settings.js';
import { OutboxBatches, connectMongo } from '@zhtj/store';

const infra = testInfra();
let bus: Bus;
let mongo: Awaited<ReturnType<typeof connectMongo>>;
let redis: Redis;
let identity: IdentityGraph;

beforeAll(async () => {
  bus = await Bus.connect({ url: infra.natsUrl, name: 'identity-test', namespace: infra.namespace });
  await bus.ensureStreams();
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  await accountModel(mongo).init();
  identity = composeIdentity(mongo, redis, testIdentitySettings(), testCommands());
});
afterAll(async () => {
  await bus.drain();
  await mongo.close();
  redis.disconnect();
  await removeNamespace(infra, infra.namespace);
});

const idNumber = (n: number) => nthIdNumber(n, { region: '440305' });

const root = newId();
const branches = [newId(), newId(), newId()];
const members = Array.from({ length: 10_000 }, (_, n) => ({
  id: newId(),
  idNumber: idNumber(n),
  branchId: branches[n % 3]!,
  name: `团员${n}`,
}));

function memberCreated(m: (typeof members)[number]): EventEnvelope {
  return createEvent(
    memberCreatedV1,
    { id: m.id, name: m.name, idNumber: m.idNumber, kind: 'member', branchId: m.branchId, branchAncestors: [root], version: 1 },
    { source: 'membership' },
  );
}

async function publishAll(events: EventEnvelope[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) await Promise.all(events.slice(i, i + 500).map((e) => bus.publish(e)));
}

describe('accounts from member.created', () => {
  it('creates one account per member from 10,000 events, without hashing, and changes nothing on redelivery', async () => {
    const Account = accountModel(mongo);
    // Someone who registered as an admin before being imported as a member keeps their account.
    await Account.create({
      _id: newId(),
      idNumber: members[0]!.idNumber,
      name: '先注册的管理员',
      passwordHash: '$argon2id$x',
      mustChangePassword: false,
      roles: [{ role: 'org_admin', orgId: root }],
    });

    const consumers = await startSubscriptions(bus, { ...identity.memberAccounts, bus });
    const started = performance.now();
    await publishAll(members.map(memberCreated));
    await expect.poll(() => Account.estimatedDocumentCount(), { timeout: 900_000, interval: 500 }).toBe(10_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[identity] 10,000 member accounts in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)}/s, publishing included)`,
    );

    // The same members again, as new events (a replayed import): nothing new, nothing lost.
    await publishAll(members.slice(0, 300).map(memberCreated));
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(consumers.map((c) => c.stop()));
    expect(await Account.estimatedDocumentCount()).toBe(10_000);

    const sample = await Account.findOne({ idNumber: members[4242]!.idNumber }).lean();
    expect(sample).toMatchObject({
      passwordHash: null,
      mustChangePassword: true,
      memberId: members[4242]!.id,
      roles: [{ role: 'member', orgId: members[4242]!.branchId }],
    });
    // Its event went out with its batch's outbox, published at once.
    expect(sample!.outbox).toEqual([]);
    const subject = bus.namespace.subject('identity.account_created');
    const announced = await bus.manager.streams.info(bus.namespace.stream('IDENTITY'), { subjects_filter: subject });
    // Per subject: state.messages would count the whole stream.
    expect(announced.state.subjects?.[subject]).toBe(9_999); // the admin already had an account
    expect(await accountBatchModel(mongo).countDocuments({ status: 'writing' })).toBe(0);

    const admin = await Account.findOne({ idNumber: members[0]!.idNumber }).lean();
    expect(admin!.passwordHash).toBe('$argon2id$x');
    expect(admin!.roles.map((r) => r.role).sort()).toEqual(['member', 'org_admin']);

    const consumer = await bus.manager.consumers.info(bus.namespace.stream('MEMBER'), 'identity-member-accounts');
    expect(consumer.num_ack_pending).toBe(0);
    expect(consumer.num_pending).toBe(0);
  }, 1_000_000);
});

describe('an account batch whose handler died half-way', () => {
  it('is swept: the accounts it made are announced all the same', async () => {
    const Account = accountModel(mongo);
    const batches = accountBatchModel(mongo);
    const batchId = newId();
    await batches.create({ _id: batchId, status: 'writing', createdAt: new Date(Date.now() - 3_600_000) });
    const memberId = newId();
    await Account.collection.insertMany([
      {
        _id: newId(),
        idNumber: idNumber(900_001),
        name: '半途',
        roles: [],
        memberId,
        batchId,
        outbox: [],
        outboxPending: false,
      } as never,
    ]);
    expect(
      await sweepAccountBatches({ accounts: new AccountRepository(Account), batches: new OutboxBatches(batches) }, 10 * 60_000),
    ).toBe(1);
    const swept = (await batches.findById(batchId).lean())!;
    expect(swept.status).toBe('swept');
    expect(swept.outbox.map((e) => e.data)).toEqual([{ accountId: expect.any(String), memberId, mustChangePassword: true }]);
    expect(
      await sweepAccountBatches({ accounts: new AccountRepository(Account), batches: new OutboxBatches(batches) }, 10 * 60_000),
    ).toBe(0);
  });
});
