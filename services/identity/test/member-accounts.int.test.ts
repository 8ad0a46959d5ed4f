import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus } from '@zhtj/bus';
import { createEvent, memberCreatedV1, newId, type EventEnvelope } from '@zhtj/contracts';
import { connectMongo } from '@zhtj/service-kit';
import { nthIdNumber, removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { startSubscriptions } from '../src/events/subscriptions.js';
import { accountModel } from '../src/store/account.model.js';

const infra = testInfra();
let bus: Bus;
let mongo: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  bus = await Bus.connect({ url: infra.natsUrl, name: 'identity-test', namespace: infra.namespace });
  await bus.ensureStreams();
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
  await accountModel(mongo).init();
});
afterAll(async () => {
  await bus.drain();
  await mongo.close();
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

    const consumers = await startSubscriptions(bus, Account, () => undefined);
    const started = performance.now();
    await publishAll(members.map(memberCreated));
    await expect.poll(() => Account.estimatedDocumentCount(), { timeout: 120_000, interval: 500 }).toBe(10_000);
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
    expect(sample!.outbox.map((e) => e.type)).toEqual(['identity.account_created']);

    const admin = await Account.findOne({ idNumber: members[0]!.idNumber }).lean();
    expect(admin!.passwordHash).toBe('$argon2id$x');
    expect(admin!.roles.map((r) => r.role).sort()).toEqual(['member', 'org_admin']);

    const consumer = await bus.manager.consumers.info(bus.namespace.stream('MEMBER'), 'identity-member-accounts');
    expect(consumer.num_ack_pending).toBe(0);
    expect(consumer.num_pending).toBe(0);
  }, 180_000);
});
