import { Schema, type Connection, type Model } from 'mongoose';

/**
 * 发展团员编号 are unique, but optional (members who joined before 2017 have none), and a unique
 * index over an optional field is not portable (FerretDB has no partial indexes). So each number
 * in use is a row of its own, keyed by the number, reserved before the member is written.
 */
export interface DevelopmentNumberDocument {
  _id: string;
  memberId: string;
  batchId: string | null;
  reservedAt: Date;
}

const schema = new Schema<DevelopmentNumberDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    batchId: { type: String, default: null },
    reservedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function developmentNumberModel(connection: Connection): Model<DevelopmentNumberDocument> {
  return (
    connection.models.DevelopmentNumber ??
    connection.model<DevelopmentNumberDocument>('DevelopmentNumber', schema, 'development_numbers')
  );
}
