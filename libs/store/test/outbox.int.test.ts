import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId, type EventEnvelope } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { outboxFields, outboxPlugin, publishOutboxNow, pushEvents, startOutboxRelay, toOutboxEntries } from '../src/index.js';
import type { Bus } from '@zhtj/bus';
import { connectTestBus, orgCreated, streamCount } from './helpers.js';

interface Aggregate {
  _id: string;
  name: string;
  outbox: EventEnvelope[];
}

const infra = testInfra();
let bus: Bus;
let connection: Connection;
let Aggregates: Model<Aggregate>;

beforeAll(async () => {
  bus = await connectTestBus(infra.natsUrl, infra.namespace);
  connection = await mongoose.createConnection(infra.mongoUrl, { dbName: infra.dbName('outbox') }).asPromise();
  const schema = new Schema<Aggregate>({ _id: String, name: String });
  schema.plugin(outboxPlugin);
  Aggregates = connection.model<Aggregate>('Aggregate', schema);
  await Aggregates.init();
});
afterAll(async () => {
  await connection.close();
  await bus.drain();
  await removeNamespace(infra, infra.namespace);
});
beforeEach(async () => {
  await Aggregates.deleteMany({});
  await bus.manager.streams.purge(bus.namespace.stream('ORG'));
});

async function seed(documents: number, eventsEach: number): Promise<string[]> {
  const ids: string[] = [];
  const docs = Array.from({ length: documents }, (_, i) => {
    const events = Array.from({ length: eventsEach }, () => orgCreated(`org ${i}`));
    ids.push(...events.map((e) => e.id));
    return { _id: newId(), name: `org ${i}`, outbox: toOutboxEntries(events) };
  });
  await Aggregates.insertMany(docs);
  return ids;
}

async function pendingCount(): Promise<number> {
  const docs = await Aggregates.find({}).select('outbox').lean();
  return docs.reduce((n, d) => n + d.outbox.length, 0);
}

describe('the outbox relay', () => {
  it('publishes an event written in the same update as the change, then removes it from the document', async () => {
    const id = newId();
    await Aggregates.create({ _id: id, name: 'before' });
    const event = orgCreated('renamed');
    await Aggregates.updateOne({ _id: id }, { $set: { name: 'after' }, ...pushEvents(event) });
    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 50 });
    relay.kick();
    await expect.poll(() => pendingCount(), { timeout: 10_000 }).toBe(0);
    await relay.stop();
    expect(await streamCount(bus, 'ORG')).toBe(1);
    const doc = await Aggregates.findById(id).lean();
    expect(doc!.name).toBe('after');
  });

  it('publishes every event exactly once when two relays run at the same time', async () => {
    const ids = await seed(120, 3);
    const relays = [
      startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20, batchSize: 25 }),
      startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20, batchSize: 25 }),
    ];
    await expect.poll(() => pendingCount(), { timeout: 30_000, interval: 100 }).toBe(0);
    await Promise.all(relays.map((r) => r.stop()));
    expect(await streamCount(bus, 'ORG')).toBe(ids.length);
  });

  it('releases a large pass in small commands (FerretDB hangs on an update with more statements than its pool)', async () => {
    const ids = await seed(150, 1);
    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20, batchSize: 200 });
    await expect.poll(() => pendingCount(), { timeout: 30_000, interval: 100 }).toBe(0);
    await relay.stop();
    expect(await streamCount(bus, 'ORG')).toBe(ids.length);
  });

  it('is woken by a write through the model, without waiting for its next poll', async () => {
    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200)); // its first pass is done; it now sleeps a minute
    await Aggregates.create({ _id: newId(), name: 'new', outbox: toOutboxEntries([orgCreated('new')]) });
    await expect.poll(() => pendingCount(), { timeout: 5000, interval: 50 }).toBe(0);
    await relay.stop();
  });

  it('publishes events left behind by a crash between the write and the publish', async () => {
    // The writer "crashed" before any relay ran: the events exist only in the documents.
    const ids = await seed(10, 2);
    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20 });
    await expect.poll(() => pendingCount(), { timeout: 10_000 }).toBe(0);
    await relay.stop();
    expect(await streamCount(bus, 'ORG')).toBe(ids.length);
  });

  it('does not duplicate events a relay published before dying, and takes over its expired lease', async () => {
    const ids = await seed(5, 2);
    // A relay claimed the documents, published their events, and died before pulling them.
    await Aggregates.updateMany({}, { $set: { outboxLock: { until: new Date(Date.now() - 1000), by: 'dead-relay' } } });
    for (const doc of await Aggregates.find({}).lean()) for (const event of doc.outbox) await bus.publish(event);
    expect(await streamCount(bus, 'ORG')).toBe(ids.length);

    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20 });
    await expect.poll(() => pendingCount(), { timeout: 10_000 }).toBe(0);
    await relay.stop();
    expect(await streamCount(bus, 'ORG')).toBe(ids.length);
  });

  it('leaves documents under a live lease to the relay that holds it', async () => {
    await seed(3, 1);
    await Aggregates.updateMany({}, { $set: { outboxLock: { until: new Date(Date.now() + 60_000), by: 'live-relay' } } });
    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20 });
    expect(await relay.runOnce()).toBe(0);
    await relay.stop();
    expect(await pendingCount()).toBe(3);
  });

  it('keeps the events when NATS refuses them, and publishes them on a later pass', async () => {
    await seed(2, 1);
    const offline = await connectTestBus(infra.natsUrl, `${infra.namespace}x`);
    await offline.manager.streams.delete(offline.namespace.stream('ORG'));
    const failing = startOutboxRelay({ bus: offline, models: [Aggregates], pollIntervalMs: 20 });
    expect(await failing.runOnce()).toBe(0);
    await failing.stop();
    await offline.drain();
    expect(await pendingCount()).toBe(2);

    const relay = startOutboxRelay({ bus, models: [Aggregates], pollIntervalMs: 20 });
    await expect.poll(() => pendingCount(), { timeout: 10_000 }).toBe(0);
    await relay.stop();
    expect(await streamCount(bus, 'ORG')).toBe(2);
  });
});

describe('publishing bulk-written events at once', () => {
  it('publishes them and empties the outboxes in two updates, leaving an event appended meanwhile', async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({
      _id: newId(),
      name: `org ${i}`,
      ...outboxFields([orgCreated(`org ${i}`)]),
    }));
    await Aggregates.collection.insertMany(docs as never[]);
    const late = orgCreated('appended meanwhile');
    await Aggregates.updateOne({ _id: docs[0]!._id }, pushEvents(late));

    await publishOutboxNow(bus, Aggregates, docs);
    expect(await streamCount(bus, 'ORG')).toBe(300);
    const first = await Aggregates.findById(docs[0]!._id).lean<Aggregate & { outboxPending: boolean }>();
    expect(first!.outbox.map((e) => e.id)).toEqual([late.id]);
    expect(first!.outboxPending).toBe(true);
    expect(await Aggregates.countDocuments({ outboxPending: true })).toBe(1);
    expect(await pendingCount()).toBe(1);
  });

  it('leaves everything to the relay when NATS refuses the events', async () => {
    const docs = [{ _id: newId(), name: 'org', ...outboxFields([orgCreated('org')]) }];
    await Aggregates.collection.insertMany(docs as never[]);
    const closed = await connectTestBus(infra.natsUrl, infra.namespace);
    await closed.drain();
    await publishOutboxNow(closed, Aggregates, docs);
    expect(await pendingCount()).toBe(1);
  });
});
