import type { Connection, Model } from 'mongoose';
import { outboxBatchSchema, type OutboxBatch } from '@zhtj/store';

/**
 * One pass of the background real-name check: written `writing` before the members it settles
 * (each carrying its id), `done` once their `member.updated` events are out — one outbox for the
 * pass, not one per member (after an import of thousands, an outbox per member kept the relay
 * busy for minutes and every other event waited behind it).
 */
export type IdentityCheckBatchDocument = OutboxBatch;

const schema = outboxBatchSchema();

export function identityCheckBatchModel(connection: Connection): Model<IdentityCheckBatchDocument> {
  return (
    connection.models.IdentityCheckBatch ??
    connection.model<IdentityCheckBatchDocument>('IdentityCheckBatch', schema, 'identity_check_batches')
  );
}
