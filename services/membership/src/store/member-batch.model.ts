import { Schema, type Connection, type Model } from 'mongoose';

/** The answer to a batch-create request, kept so a repeated request gets it again and changes nothing. */
export interface MemberBatchDocument {
  _id: string;
  results: unknown[];
  createdAt: Date;
}

const schema = new Schema<MemberBatchDocument>(
  {
    _id: { type: String, required: true },
    results: { type: [Schema.Types.Mixed], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function memberBatchModel(connection: Connection): Model<MemberBatchDocument> {
  return connection.models.MemberBatch ?? connection.model<MemberBatchDocument>('MemberBatch', schema, 'member_batches');
}
