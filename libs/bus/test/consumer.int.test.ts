import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCodec } from '../src/bus.js';
import { orgCreatedV1, type EventEnvelope } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { PermanentError, runConsumer, subscribe, type Bus } from '../src/index.js';
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

async function deadLetters(durable: string) {
  const stream = bus.namespace.stream('DEAD_LETTER');
  const info = await bus.manager.streams.info(stream);
  const found = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await bus.manager.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (m && m.header.get('Zhtj-Consumer') === durable) found.push(m);
  }
  return found;
}

describe('the consumer runner', () => {
  it('redelivers a message whose handler throws, with backoff, then dead-letters it after the last try', async () => {
    const event = orgCreated('always fails');
    const attempts: number[] = [];
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'fails-always',
      maxDeliver: 3,
      backoffMs: [100, 200],
      subscriptions: [
        subscribe(orgCreatedV1, async (_data, e, ctx) => {
          if (e.id !== event.id) return;
          attempts.push(ctx.deliveryCount);
          throw new Error('database unavailable');
        }),
      ],
    });
    await bus.publish(event);
    await eventually(async () => (await deadLetters('fails-always')).length === 1, 'dead letter written');
    await runner.stop();
    expect(attempts).toEqual([1, 2, 3]);
    const info = await bus.manager.consumers.info(bus.namespace.stream('ORG'), 'fails-always');
    expect(info.num_ack_pending).toBe(0);
    const [dead] = await deadLetters('fails-always');
    expect(dead!.header.get('Zhtj-Reason')).toContain('database unavailable');
    expect(dead!.header.get('Zhtj-Deliveries')).toBe('3');
    expect((jsonCodec.decode(dead!.data) as EventEnvelope).id).toBe(event.id);
  });

  it('succeeds on a retry after a passing failure, and dead-letters nothing', async () => {
    const event = orgCreated('fails once');
    let calls = 0;
    const handled: string[] = [];
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'fails-once',
      backoffMs: [50],
      subscriptions: [
        subscribe(orgCreatedV1, async (_data, e) => {
          if (e.id !== event.id) return;
          calls += 1;
          if (calls === 1) throw new Error('flaky');
          handled.push(e.id);
        }),
      ],
    });
    await bus.publish(event);
    await eventually(() => handled.length === 1, 'handled on retry');
    await runner.stop();
    expect(calls).toBe(2);
    expect(await deadLetters('fails-once')).toHaveLength(0);
  });

  it('holds a message through an outage of the store longer than its deliveries, and handles it once the store is back', async () => {
    const event = orgCreated('store down');
    const deliveries: number[] = [];
    let storeDown = true;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'store-outage',
      maxDeliver: 2,
      backoffMs: [50],
      outageRetryMs: [20],
      subscriptions: [
        subscribe(orgCreatedV1, async (_data, e, ctx) => {
          if (e.id !== event.id) return;
          deliveries.push(ctx.deliveryCount);
          // What the driver throws while FerretDB / MongoDB is unreachable.
          if (storeDown)
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' });
        }),
      ],
    });
    await bus.publish(event);
    await eventually(() => deliveries.length >= 10, 'tried again and again while the store is down');
    storeDown = false;
    await eventually(async () => {
      const info = await bus.manager.consumers.info(bus.namespace.stream('ORG'), 'store-outage');
      return info.num_ack_pending === 0 && info.ack_floor.stream_seq >= info.delivered.stream_seq;
    }, 'handled once the store is back');
    await runner.stop();
    // Every try was the same delivery: none of the two was spent on the outage.
    expect(new Set(deliveries)).toEqual(new Set([1]));
    expect(await deadLetters('store-outage')).toHaveLength(0);
  });

  it('does not hold a message for a client its own process closed: that is spent as any failure', async () => {
    const event = orgCreated('client closed');
    const deliveries: number[] = [];
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'client-closed',
      maxDeliver: 2,
      backoffMs: [50],
      outageRetryMs: [20],
      subscriptions: [
        subscribe(orgCreatedV1, async (_data, e, ctx) => {
          if (e.id !== event.id) return;
          deliveries.push(ctx.deliveryCount);
          throw Object.assign(new Error('Client must be connected before running operations'), {
            name: 'MongoNotConnectedError',
          });
        }),
      ],
    });
    await bus.publish(event);
    await eventually(async () => (await deadLetters('client-closed')).length === 1, 'dead-lettered after its deliveries');
    await runner.stop();
    expect(deliveries).toEqual([1, 2]);
  });

  it('dead-letters at once a message that can never succeed', async () => {
    const event = orgCreated('permanent');
    let calls = 0;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'permanent',
      maxDeliver: 5,
      subscriptions: [
        subscribe(orgCreatedV1, async (_data, e) => {
          if (e.id !== event.id) return;
          calls += 1;
          throw new PermanentError('refers to an org that does not exist');
        }),
      ],
    });
    await bus.publish(event);
    await eventually(async () => (await deadLetters('permanent')).length === 1, 'dead letter written');
    await runner.stop();
    expect(calls).toBe(1);
  });

  it('dead-letters a message whose payload breaks the contract without calling the handler', async () => {
    let calls = 0;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'bad-payload',
      subscriptions: [subscribe(orgCreatedV1, async () => void (calls += 1))],
      deliverFrom: 'new',
    });
    const broken = { ...orgCreated(), data: { id: 'not-a-uuid' } };
    await bus.jetstream.publish(bus.namespace.subject('org.created'), jsonCodec.encode(broken), { msgID: broken.id });
    await eventually(async () => (await deadLetters('bad-payload')).length === 1, 'dead letter written');
    await runner.stop();
    expect(calls).toBe(0);
  });

  it('handles no more messages at once than its concurrency allows', async () => {
    let active = 0;
    let peak = 0;
    let done = 0;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'concurrency',
      concurrency: 3,
      deliverFrom: 'new',
      subscriptions: [
        subscribe(orgCreatedV1, async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 30));
          active -= 1;
          done += 1;
        }),
      ],
    });
    await Promise.all(Array.from({ length: 15 }, () => bus.publish(orgCreated('parallel'))));
    await eventually(() => done === 15, 'all handled');
    await runner.stop();
    expect(peak).toBe(3);
  });

  it('with an orderKey, handles each key in delivery order and different keys at once', async () => {
    const published = new Map<string, string[]>();
    const handled = new Map<string, string[]>();
    const activeKeys = new Set<string>();
    let peak = 0;
    let sameKeyAtOnce = 0;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'ordered-by-key',
      concurrency: 4,
      deliverFrom: 'new',
      orderKey: (data) => String(data.name),
      subscriptions: [
        subscribe(orgCreatedV1, async (data, e) => {
          if (activeKeys.has(data.name)) sameKeyAtOnce += 1;
          activeKeys.add(data.name);
          peak = Math.max(peak, activeKeys.size);
          // Later events of a key finish sooner: without the key's order they would overtake.
          await new Promise((r) => setTimeout(r, 40 - (handled.get(data.name)?.length ?? 0) * 8));
          handled.set(data.name, [...(handled.get(data.name) ?? []), e.id]);
          activeKeys.delete(data.name);
        }),
      ],
    });
    for (let n = 0; n < 4; n += 1) {
      for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) {
        const event = orgCreated(key);
        published.set(key, [...(published.get(key) ?? []), event.id]);
        await bus.publish(event);
      }
    }
    await eventually(() => [...handled.values()].flat().length === 20, 'all handled');
    await runner.stop();
    expect(Object.fromEntries(handled)).toEqual(Object.fromEntries(published));
    expect(sameKeyAtOnce).toBe(0);
    expect(peak).toBeGreaterThan(1);
  });

  it('finishes the message in hand when stopped, and acks it', async () => {
    let finished = 0;
    let started = 0;
    const runner = await runConsumer(bus, {
      stream: 'ORG',
      durable: 'clean-stop',
      deliverFrom: 'new',
      subscriptions: [
        subscribe(orgCreatedV1, async () => {
          started += 1;
          await new Promise((r) => setTimeout(r, 300));
          finished += 1;
        }),
      ],
    });
    await bus.publish(orgCreated('slow'));
    await eventually(() => started === 1, 'handler started');
    await runner.stop();
    expect(finished).toBe(1);
    const info = await bus.manager.consumers.info(bus.namespace.stream('ORG'), 'clean-stop');
    expect(info.num_ack_pending).toBe(0);
    expect(await streamCount(bus, 'ORG')).toBeGreaterThan(0);
  });
});
