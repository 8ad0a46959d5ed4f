import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bus, type ConsumerRunner } from '@zhtj/bus';
import {
  eventContracts,
  identityAccountCreatedV1,
  identityAdminRegisteredV1,
  identityPasswordChangedV1,
  registrationCodeRedeemV1,
  type EventContract,
} from '@zhtj/contracts';
import { eventually, nthIdNumber } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { Client } from '../../e2e/client.js';
import { startStack, type Stack } from '../../e2e/stack.js';
import { producedShape, readExample, watchFirstOfEach } from './examples.js';

/**
 * The IDENTITY events, pinned by recorded examples, produced by the whole system as processes:
 * an admin registering with a registration code (identity ↔ organization's redeem command over
 * NATS, its request pinned too), an account made for a member created in membership, a password
 * changed.
 */
const pinned: EventContract[] = [identityAdminRegisteredV1, identityAccountCreatedV1, identityPasswordChangedV1];
const infra = testInfra();
let stack: Stack;
let bus: Bus;
let watcher: ConsumerRunner;
let seen = new Map<string, unknown>();
/** identity's redeem requests to organization, as they cross NATS (a plain subscriber gets a copy). */
const redeemRequests: unknown[] = [];

beforeAll(async () => {
  stack = await startStack(infra);
  bus = await Bus.connect({ url: infra.natsUrl, name: 'contract-identity', namespace: infra.namespace });
  bus.connection.subscribe(bus.namespace.subject(registrationCodeRedeemV1.subject), {
    callback: (_error, msg) => void redeemRequests.push(msg.json()),
  });
  ({ seen, runner: watcher } = await watchFirstOfEach(bus, { stream: 'IDENTITY', durable: 'contract-watch-identity' }, pinned));
}, 180_000);
afterAll(async () => {
  await watcher?.stop();
  await bus?.drain();
  await stack?.stop();
});

describe('the IDENTITY events', () => {
  it('have recorded examples that parse with their contracts', async () => {
    for (const contract of pinned) {
      expect(eventContracts).toContain(contract);
      const parsed = contract.schema.safeParse(await readExample(contract.subject));
      expect(parsed.success, `${contract.subject}: ${parsed.error?.message}`).toBe(true);
    }
    const redeem = registrationCodeRedeemV1.request.safeParse(await readExample(registrationCodeRedeemV1.subject));
    expect(redeem.success, redeem.error?.message).toBe(true);
  });

  it('are what identity publishes, field for field', async () => {
    const demo = new Client(stack.api);
    await demo.login(stack.demo.idNumber, stack.demo.password);
    const branch = await demo.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name: '契约团支部', type: 'branch' });
    const [code] = (await demo.json('POST', `/orgs/${stack.demo.rootOrgId}/registration-codes`, { childOrgIds: [branch.id] }))
      .items;
    const admin = new Client(stack.api);
    const adminId = nthIdNumber(1, { firstBirthday: '1991-01-01', region: '510104' });
    await admin.json(
      'POST',
      '/auth/register-admin',
      await admin.withCaptcha({
        orgId: branch.id,
        registrationCode: code.code,
        name: '周敏',
        idNumber: adminId,
        phone: '13900001111',
        password: 'Tuan2026Jian',
      }),
    );
    await admin.login(adminId, 'Tuan2026Jian');
    await admin.json('POST', '/auth/password', { oldPassword: 'Tuan2026Jian', newPassword: 'Tuan2026Jian2' });
    // A changed password ends every session, this one too: signed in again with the new one.
    await admin.login(adminId, 'Tuan2026Jian2');
    // A member created in membership gets an account from identity.
    await eventually(async () => (await admin.request('GET', `/orgs/${branch.id}/members`)).status === 200, 'branch projected');
    await admin.json('POST', `/orgs/${branch.id}/members`, {
      name: '吴磊',
      idNumber: nthIdNumber(2, { firstBirthday: '2004-01-01', region: '510104' }),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2016-09',
    });
    await eventually(
      () => pinned.every((c) => seen.has(c.subject)),
      `every IDENTITY subject published (seen: ${[...seen.keys()].join(', ')})`,
      20_000,
    );
    for (const contract of pinned) {
      const shapes = await producedShape(contract.subject, seen.get(contract.subject));
      expect(shapes.produced, contract.subject).toEqual(shapes.example);
    }
    // The redeem command identity sent (organization answered it: the registration worked).
    expect(redeemRequests).toHaveLength(1);
    const redeem = await producedShape(registrationCodeRedeemV1.subject, redeemRequests[0]);
    expect(redeem.produced).toEqual(redeem.example);
  }, 60_000);
});
