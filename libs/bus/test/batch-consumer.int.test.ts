import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCreatedV1 } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { PermanentError, runBatchConsumer, type Bus } from '../src/index.js';
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

describe('the batch consumer', () => {
  it('hands events over in batches, and dead-letters a poison event alone while the rest go through', async () => {
    const events = Array.from({ length: 50 }, (_, i) => orgCreated(i === 17 ? 'poison' : `org ${i}`));
    for (const e of events) await bus.publish(e);
    const batchSizes: number[] = [];
    const handled = new Set<string>();
    const runner = await runBatchConsumer(bus, {
      stream: 'ORG',
      durable: 'batcher',
      contract: orgCreatedV1,
      maxBatch: 20,
      maxWaitMs: 50,
      handleBatch: async (batch) => {
        batchSizes.push(batch.length);
        if (batch.some((e) => e.data.name === 'poison')) throw new PermanentError('cannot take this one');
        for (const e of batch) handled.add(e.id);
      },
    });
    await eventually(() => handled.size === 49, 'all but the poison event handled', 15_000);
    await runner.stop();
    expect(handled.has(events[17]!.id)).toBe(false);
    expect(Math.max(...batchSizes)).toBe(20);
    const dead = await bus.manager.streams.info(bus.namespace.stream('DEAD_LETTER'));
    expect(dead.state.messages).toBe(1);
    const info = await bus.manager.consumers.info(bus.namespace.stream('ORG'), 'batcher');
    expect(info.num_ack_pending).toBe(0);
  });
});
