import { Schema } from 'mongoose';
import type { EventEnvelope } from '@zhtj/contracts';
import { currentTraceparent } from '../trace-headers.js';

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
  });
  schema.index({ 'outbox.id': 1 }, { sparse: true, name: 'outbox_pending' });
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
