import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@zhtj/store';

/**
 * A batch-create request: written as `writing` before its members, then `done` with the answer
 * (kept, so a repeated request gets it again and changes nothing) and the members'
 * `member.created` events in its outbox — one outbox for the batch, not one per member.
 */
export interface MemberBatchDocument {
  _id: string;
  /** Absent on batches written before the status existed: those are done. */
  status?: 'writing' | 'done' | 'swept';
  /** What the members' events carry, for the sweeper to write them if the try died. */
  kind?: 'member' | 'cadre';
  importJobId?: string | null;
  results: unknown[];
  outbox: OutboxEntry[];
  createdAt: Date;
}

const schema = new Schema<MemberBatchDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, default: 'writing' },
    kind: { type: String, default: 'member' },
    importJobId: { type: String, default: null },
    results: { type: [Schema.Types.Mixed], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.plugin(outboxPlugin);
schema.index({ status: 1 });

export function memberBatchModel(connection: Connection): Model<MemberBatchDocument> {
  return connection.models.MemberBatch ?? connection.model<MemberBatchDocument>('MemberBatch', schema, 'member_batches');
}
