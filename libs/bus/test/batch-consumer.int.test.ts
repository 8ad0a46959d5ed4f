import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
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

  it('holds a batch through an outage of the store longer than its deliveries, and hands it over once the store is back', async () => {
    const mine = Array.from({ length: 5 }, (_, i) => orgCreated(`outage ${i}`));
    for (const e of mine) await bus.publish(e);
    const ids = new Set(mine.map((e) => e.id));
    const handled = new Set<string>();
    let failures = 0;
    const runner = await runBatchConsumer(bus, {
      stream: 'ORG',
      durable: 'batch-outage',
      contract: orgCreatedV1,
      maxBatch: 100,
      maxWaitMs: 20,
      maxDeliver: 2,
      backoffMs: [20],
      outageRetryMs: [20],
      handleBatch: async (batch) => {
        if (batch.some((e) => ids.has(e.id)) && failures < 8) {
          failures += 1;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' });
        }
        for (const e of batch) if (ids.has(e.id)) handled.add(e.id);
      },
    });
    await eventually(() => handled.size === mine.length, 'every event handled once the store is back', 15_000);
    await runner.stop();
    expect(failures).toBe(8);
    // Still the one poison event of the test above: nothing of this outage.
    expect((await bus.manager.streams.info(bus.namespace.stream('DEAD_LETTER'))).state.messages).toBe(1);
  });

  it('traces each batch in a span linked to the trace of every event in it, and a retried event in its own trace', async () => {
    const spans = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const traceIds = ['0af7651916cd43dd8448eb211c80319c', '1af7651916cd43dd8448eb211c80319c', '2af7651916cd43dd8448eb211c80319c'];
    const events = traceIds.map((_, i) => orgCreated(i === 2 ? 'traced poison' : `traced ${i}`));
    for (const [i, e] of events.entries()) await bus.publish(e, { traceparent: `00-${traceIds[i]}-b7ad6b7169203331-01` });
    const handled = new Set<string>();
    const runner = await runBatchConsumer(bus, {
      stream: 'ORG',
      durable: 'batch-traced',
      contract: orgCreatedV1,
      maxBatch: 10,
      maxWaitMs: 200,
      handleBatch: async (batch) => {
        if (batch.some((e) => e.data.name === 'traced poison')) throw new PermanentError('not this one');
        for (const e of batch) if (events.some((m) => m.id === e.id)) handled.add(e.id);
      },
    });
    await eventually(() => handled.size === 2, 'the two good events handled', 15_000);
    await runner.stop();
    const finished = spans.getFinishedSpans().filter((s) => s.name === 'org.created process');
    const batch = finished.find((s) => s.links.length === 3);
    expect(batch?.links.map((l) => l.context.traceId).sort()).toEqual(traceIds);
    expect(batch?.status.code).toBe(2); // ERROR: the batch failed, and its events were retried one by one
    // Each retried alone is a child of the trace it was published in.
    // (The durable starts from the stream's first event: the earlier tests' events, untraced, go through too.)
    const alone = finished.filter((s) => s.links.length === 0 && traceIds.includes(s.spanContext().traceId));
    expect(alone.map((s) => s.spanContext().traceId).sort()).toEqual(traceIds);
  });
});
