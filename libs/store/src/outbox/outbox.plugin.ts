import { EventEmitter } from 'node:events';
import { Schema } from 'mongoose';
import type { EventEnvelope } from '@zhtj/contracts';
import { currentTraceparent } from '@zhtj/bus';

/** An event waiting in its aggregate's document until the relay has published it. */
export interface OutboxEntry extends EventEnvelope {
  traceparent?: string;
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    version: { type: Number, required: true },
    occurredAt: { type: String, required: true },
    source: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    traceparent: { type: String },
  },
  { _id: false, minimize: false },
);

/**
 * Gives an aggregate's schema an `outbox` array (and the relay's lease on it), so a state change
 * and its events are written in one single-document update — no multi-document transaction,
 * which FerretDB does not have.
 *
 * @example
 * memberSchema.plugin(outboxPlugin);
 * await Member.updateOne({ _id, version }, { $set: changes, $inc: { version: 1 }, ...pushEvents(event) });
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({
    outbox: { type: [outboxEntrySchema], default: [] },
    outboxLock: { type: new Schema({ until: Date, by: String }, { _id: false }), default: null },
    // True while the outbox holds events: the relay finds work by this one indexed scalar, which
    // every server can answer from an index (FerretDB cannot push `outbox.0 $exists` down).
    outboxPending: { type: Boolean, default: false },
  });
  schema.index({ outboxPending: 1 }, { name: 'outbox_pending' });

  schema.pre('save', function () {
    this.set('outboxPending', (this.get('outbox') as unknown[]).length > 0);
  });
  schema.pre('insertMany', function (docs: Array<Record<string, unknown>> | Record<string, unknown>) {
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      doc.outboxPending = Array.isArray(doc.outbox) && doc.outbox.length > 0;
    }
  });
  // An update that pushes events marks the document pending in the same write.
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
    const update = this.getUpdate() as Record<string, Record<string, unknown> | undefined> | null;
    if (update?.$push && 'outbox' in update.$push) {
      this.setUpdate({ ...update, $set: { ...update.$set, outboxPending: true } });
    }
  });

  // Writes through mongoose tell the relays of this process to publish now, not at the next poll.
  schema.post('save', () => notifyOutboxWrite());
  schema.post('insertMany', () => notifyOutboxWrite());
  schema.post(['updateOne', 'updateMany', 'findOneAndUpdate'], () => notifyOutboxWrite());
}

/**
 * The fields a document written with the raw driver needs so the relay publishes its events
 * (mongoose writes get them from the plugin's hooks).
 */
export function outboxFields(events: readonly EventEnvelope[]): {
  outbox: OutboxEntry[];
  outboxLock: null;
  outboxPending: boolean;
} {
  return { outbox: toOutboxEntries(events), outboxLock: null, outboxPending: events.length > 0 };
}

/** The outbox entries for events, carrying the trace context they were made in. */
export function toOutboxEntries(events: readonly EventEnvelope[]): OutboxEntry[] {
  const traceparent = currentTraceparent();
  return events.map((e) => (traceparent ? { ...e, traceparent } : { ...e }));
}

/** The `$push` part of an update that appends events to the aggregate's outbox. */
export function pushEvents(...events: EventEnvelope[]): { $push: { outbox: { $each: OutboxEntry[] } } } {
  return { $push: { outbox: { $each: toOutboxEntries(events) } } };
}

const outboxWrites = new EventEmitter().setMaxListeners(0);

/**
 * Tells the outbox relays of this process that events were written. Writes through mongoose
 * models with the plugin do it on their own; call it after a raw-driver write (bulk inserts).
 */
export function notifyOutboxWrite(): void {
  outboxWrites.emit('write');
}

/** For the relay: be told of outbox writes in this process. Returns the unsubscribe. */
export function onOutboxWrite(listener: () => void): () => void {
  outboxWrites.on('write', listener);
  return () => outboxWrites.off('write', listener);
}
