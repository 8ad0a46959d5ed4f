import type { Connection, Model } from 'mongoose';
import { outboxBatchSchema, type OutboxBatch } from '@zhtj/store';

/** The accounts made from one batch of member.created events, and their events (one outbox). */
export type AccountBatchDocument = OutboxBatch;

const schema = outboxBatchSchema();

export function accountBatchModel(connection: Connection): Model<AccountBatchDocument> {
  return connection.models.AccountBatch ?? connection.model<AccountBatchDocument>('AccountBatch', schema, 'account_batches');
}
