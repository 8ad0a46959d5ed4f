import { Schema, type Model } from 'mongoose';
import type { EventEnvelope } from '@zhtj/contracts';
import type { Bus } from '@zhtj/bus';
import { notifyOutboxWrite, outboxPlugin, pushEvents, toOutboxEntries, type OutboxEntry } from './outbox.plugin.js';
import { isDuplicateKeyError } from '../mongo/duplicate-key.js';
import { publishEntries } from './publish-now.js';

/**
 * One outbox for a bulk write (an import batch of members, the accounts made from them): the
 * batch document is written `writing` before the documents it covers (each carrying its id),
 * and `done` after them, its events published (or, failing that, in its outbox). On FerretDB
 * this costs two small writes per batch, where an outbox per document costs two updates per
 * document to clear.
 *
 * A try that dies in between leaves a `writing` batch: a retry finishes it, or
 * `sweepOutboxBatches` writes the events of whatever documents the batch holds (`swept`), so
 * nothing written goes unannounced. The schema needs outboxPlugin, `status` and `createdAt`.
 */
export interface OutboxBatch {
  _id: string;
  status?: 'writing' | 'done' | 'swept';
  outbox: OutboxEntry[];
  createdAt: Date;
}

/** The schema of a collection of outbox batches: id, status, creation time and the outbox. */
export function outboxBatchSchema(): Schema<OutboxBatch> {
  const schema = new Schema<OutboxBatch>(
    {
      _id: { type: String, required: true },
      status: { type: String, default: 'writing' },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false, minimize: false },
  );
  schema.plugin(outboxPlugin);
  schema.index({ status: 1 });
  return schema;
}

/**
 * Marks the batch done. With a bus its events are published first, from memory, and the batch
 * records only that it is done — until then it is `writing`, which is what makes a retry or the
 * sweeper announce its documents, so a crash in between loses nothing (it may announce twice;
 * JetStream drops a repeated event id, and consumers are idempotent). Without a bus, or when
 * publishing fails, the events go into the batch's outbox for the relay.
 */
export async function finishOutboxBatch(
  bus: Bus | undefined,
  batches: Model<any>,
  batchId: string,
  events: readonly EventEnvelope[],
  fields: Record<string, unknown> = {},
): Promise<void> {
  const filter = { _id: batchId, status: { $in: ['writing', 'swept'] } };
  if (bus) {
    try {
      await publishEntries(bus, toOutboxEntries(events));
      await batches.updateOne(filter, { $set: { ...fields, status: 'done' } });
      return;
    } catch (error) {
      bus.logger.warn({ err: error, batchId }, 'publishing the events of a batch failed; the relay will');
    }
  }
  await batches.updateOne(filter, { $set: { ...fields, status: 'done' }, ...pushEvents(...events) });
}

/** Finishes batches left `writing` for longer than `olderThanMs`, with the events `eventsOf` rebuilds. */
export async function sweepOutboxBatches<B extends OutboxBatch>(
  bus: Bus | undefined,
  batches: Model<any>,
  olderThanMs: number,
  eventsOf: (batch: B) => Promise<EventEnvelope[]>,
  now = new Date(),
): Promise<number> {
  const writing = await batches.find({ status: 'writing' }).select('-outbox').lean<B[]>();
  let swept = 0;
  for (const batch of writing.filter((b) => now.getTime() - b.createdAt.getTime() > olderThanMs)) {
    const events = await eventsOf(batch);
    const result = await batches.updateOne(
      { _id: batch._id, status: 'writing' },
      { $set: { status: 'swept' }, ...pushEvents(...events) },
    );
    if (result.modifiedCount === 0) continue;
    swept += 1;
    if (bus) await publishBatch(bus, batches, batch._id);
  }
  return swept;
}

async function publishBatch(bus: Bus, batches: Model<any>, batchId: string): Promise<void> {
  const batch = await batches.findById(batchId).select('status outbox').lean<Pick<OutboxBatch, '_id' | 'status' | 'outbox'>>();
  if (!batch || batch.outbox.length === 0) return;
  try {
    await publishEntries(bus, batch.outbox);
    // A batch gains no events once finished (a swept one only by becoming done), so the outbox
    // is emptied whole, under the status it was read in — not entry by entry, which FerretDB
    // does a thousand times slower on a large outbox.
    await batches.updateOne({ _id: batchId, status: batch.status }, { $set: { outbox: [], outboxPending: false } });
  } catch (error) {
    bus.logger.warn({ err: error, batchId }, 'publishing the events of a batch failed; the relay will');
    notifyOutboxWrite();
  }
}

/**
 * A collection of outbox batches behind one object, so that a service's handlers never hold the
 * model: the batch is opened `writing` (once, whatever the retries), finished with its events,
 * swept when its handler died, and its recorded answer read back.
 */
export class OutboxBatches<B extends OutboxBatch> {
  constructor(private readonly model: Model<B>) {}

  /** Builds the collection's indexes (the status the sweeper looks batches up by). */
  async init(): Promise<void> {
    await this.model.init();
  }

  /** The batch as recorded, without its outbox, or null. */
  read(id: string): Promise<Omit<B, 'outbox'> | null> {
    return this.model.findById(id).select('-outbox').lean<Omit<B, 'outbox'>>();
  }

  /** Records the batch as `writing` before the documents it covers; a batch already recorded is left as it is. */
  async open(batch: Omit<B, 'outbox' | 'status'> & Partial<Pick<B, 'status'>>): Promise<void> {
    try {
      await this.model.create({ ...batch, status: 'writing' } as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Marks the batch done with its events (see finishOutboxBatch: published now with a bus, else by the relay). */
  finish(
    bus: Bus | undefined,
    id: string,
    events: readonly EventEnvelope[],
    fields: Record<string, unknown> = {},
  ): Promise<void> {
    return finishOutboxBatch(bus, this.model, id, events, fields);
  }

  /** Finishes batches whose handler died (see sweepOutboxBatches). */
  sweep(
    bus: Bus | undefined,
    olderThanMs: number,
    eventsOf: (batch: B) => Promise<EventEnvelope[]>,
    now = new Date(),
  ): Promise<number> {
    return sweepOutboxBatches<B>(bus, this.model, olderThanMs, eventsOf, now);
  }
}
