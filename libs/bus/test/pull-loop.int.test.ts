import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberCreatedV1, newId, createEvent, orgCreatedV1 } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { runBatchConsumer, runConsumer, subscribe, type Bus } from '../src/index.js';
import { connectTestBus, eventually, orgCreated } from './helpers.js';

const infra = testInfra();
let bus: Bus;
beforeAll(async () => {
  bus = await connectTestBus(infra.natsUrl, infra.namespace);
});
afterAll(async () => {
  await bus.drain();
  await removeNamespace(infra, infra.namespace);
});

const memberCreated = () =>
  createEvent(
    memberCreatedV1,
    {
      id: newId(),
      name: '拉取',
      idNumber: '110101199003074477',
      kind: 'member',
      branchId: newId(),
      branchAncestors: [],
      version: 1,
    },
    { source: 'test' },
  );

describe('a consumer whose messages stop coming (its durable gone for a moment, as while a NATS server recovers)', () => {
  it('pulls again — the per-message and the batch runner alike — instead of stopping for good', async () => {
    const seen = new Set<string>();
    const single = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'pull-again',
      subscriptions: [subscribe(orgCreatedV1, async (_d, e) => void seen.add(e.id))],
    });
    const batched = new Set<string>();
    const batch = await runBatchConsumer(bus, {
      stream: 'MEMBER',
      durable: 'pull-again-batch',
      contract: memberCreatedV1,
      handleBatch: async (events) => events.forEach((e) => batched.add(e.id)),
    });
    try {
      const [first, firstMember] = [orgCreated('before'), memberCreated()];
      await bus.publish(first);
      await bus.publish(firstMember);
      await eventually(async () => seen.has(first.id) && batched.has(firstMember.id), 'first events handled');

      await bus.manager.consumers.delete(bus.namespace.stream('ORG'), 'pull-again');
      await bus.manager.consumers.delete(bus.namespace.stream('MEMBER'), 'pull-again-batch');
      const [after, afterMember] = [orgCreated('after'), memberCreated()];
      await bus.publish(after);
      await bus.publish(afterMember);
      await eventually(async () => seen.has(after.id) && batched.has(afterMember.id), 'events after the loss handled', 20_000);
      expect((await bus.manager.consumers.info(bus.namespace.stream('ORG'), 'pull-again')).name).toBe('pull-again');
    } finally {
      await single.stop();
      await batch.stop();
    }
  });
});
