import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxBatch } from '@zhtj/bus';

/** The accounts made from one batch of member.created events, and their events (one outbox). */
export type AccountBatchDocument = OutboxBatch;

const schema = new Schema<AccountBatchDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, default: 'writing' },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
schema.plugin(outboxPlugin);
schema.index({ status: 1 });

export function accountBatchModel(connection: Connection): Model<AccountBatchDocument> {
  return connection.models.AccountBatch ?? connection.model<AccountBatchDocument>('AccountBatch', schema, 'account_batches');
}
