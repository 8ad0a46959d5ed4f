import type { Model } from 'mongoose';
import type { Bus } from '@zhtj/bus';
import { notifyOutboxWrite, type OutboxEntry } from './outbox.plugin.js';
import { inWindow } from './window.js';

/** Publishes awaiting JetStream's ack at once. */
const PUBLISH_WINDOW = 64;

/**
 * Publishes the outbox events of documents this process has just bulk-inserted, without waiting
 * for the relay, then takes them out of the documents with two bulk updates. For imports: the
 * relay claims and releases documents one by one, which on FerretDB costs two single-document
 * updates per event — a few hundred events a second; this costs two updates per batch.
 *
 * The outbox stays the guarantee. If anything here fails, the relay is told, and it publishes
 * whatever is still in the documents; an event published twice is dropped by JetStream (its
 * Nats-Msg-Id) and consumers are idempotent anyway. `$pullAll` takes out exactly the entries
 * published, so an event another write appended meanwhile stays for the relay.
 */
export async function publishOutboxNow(
  bus: Bus,
  model: Model<any>,
  docs: ReadonlyArray<{ _id: unknown; outbox: readonly OutboxEntry[] }>,
): Promise<void> {
  const entries = docs.flatMap((d) => d.outbox);
  if (entries.length === 0) return;
  // NATS is away: the relay publishes once it is back; the request need not wait for a timeout.
  if (!bus.connected) {
    notifyOutboxWrite();
    return;
  }
  try {
    await publishEntries(bus, entries);
    // `outboxPending: true` first: the one condition FerretDB answers from an index, so only
    // documents still pending are read, not the collection.
    const ids = docs.map((d) => d._id);
    await model.collection.updateMany(
      { outboxPending: true, _id: { $in: ids } } as never,
      {
        $pullAll: { outbox: entries },
      } as never,
    );
    await model.collection.updateMany({ outboxPending: true, _id: { $in: ids }, 'outbox.0': { $exists: false } } as never, {
      $set: { outboxPending: false },
    });
  } catch (error) {
    bus.logger.warn({ err: error, events: entries.length }, 'publishing bulk-written events failed; the relay will');
    notifyOutboxWrite();
  }
}

/** Publishes outbox entries with a window of acks in flight; throws if any publish failed. */
export async function publishEntries(bus: Bus, entries: readonly OutboxEntry[]): Promise<void> {
  await inWindow(entries, PUBLISH_WINDOW, ({ traceparent, ...event }) => bus.publish(event, traceparent ? { traceparent } : {}));
}
