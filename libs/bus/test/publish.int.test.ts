import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCreatedV1 } from '@zhtj/contracts';
import { testInfra } from '@zhtj/testkit/test-infra';
import { removeNamespace } from '@zhtj/testkit';
import { Bus, runConsumer, subscribe } from '../src/index.js';
import { connectTestBus, eventually, orgCreated, streamCount } from './helpers.js';

const infra = testInfra();
let bus: Bus;

beforeAll(async () => {
  bus = await connectTestBus(infra.natsUrl, infra.namespace);
});
afterAll(async () => {
  await bus.drain();
  await removeNamespace(infra, infra.namespace);
});

describe('publishing', () => {
  it('creates every stream idempotently, whoever calls it and how often', async () => {
    await Promise.all([bus.ensureStreams(), bus.ensureStreams()]);
    const names = await bus.manager.streams.names().next();
    const ours = names.filter((n) => n.startsWith(infra.namespace)).sort();
    expect(ours).toEqual(
      ['DEAD_LETTER', 'IDENTITY', 'IMPORT', 'IMPORT_JOBS', 'MEMBER', 'ORG', 'TRANSFER'].map((s) => `${infra.namespace}_${s}`),
    );
    const jobs = await bus.manager.streams.info(`${infra.namespace}_IMPORT_JOBS`);
    expect(jobs.config.retention).toBe('workqueue');
    expect(jobs.config.num_replicas).toBe(1);
  });

  it('asks JetStream for the configured copies of each stream (a single server refuses more than one)', async () => {
    const clustered = await Bus.connect({
      url: infra.natsUrl,
      name: 'replicas-test',
      namespace: `${infra.namespace}r`,
      streamReplicas: 3,
    });
    try {
      await expect(clustered.ensureStreams(['ORG'])).rejects.toThrow(/replicas/i);
    } finally {
      await clustered.drain();
    }
  });

  it('stores an event published twice with the same Nats-Msg-Id once, and delivers it once', async () => {
    const event = orgCreated();
    const first = await bus.publish(event);
    const second = await bus.publish(event);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);

    const seen: string[] = [];
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'dedupe-check',
      subscriptions: [subscribe(orgCreatedV1, async (_data, e) => void seen.push(e.id))],
    });
    await eventually(() => seen.length >= 1, 'first delivery');
    await new Promise((r) => setTimeout(r, 300));
    await runner.stop();
    expect(seen).toEqual([event.id]);
    expect(await streamCount(bus, 'ORG')).toBe(1);
  });

  it('carries the traceparent header it is given', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ack = await bus.publish(orgCreated('traced'), { traceparent });
    const stored = await bus.manager.streams.getMessage(bus.namespace.stream('ORG'), { seq: ack.seq });
    expect(stored.header.get('traceparent')).toBe(traceparent);
    expect(stored.header.get('Nats-Msg-Id')).toBeTruthy();
  });
});
