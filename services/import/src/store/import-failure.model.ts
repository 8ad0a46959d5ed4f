import { Schema, type Connection, type Model } from 'mongoose';
import type { UploadedCell } from '../domain/uploaded-cells.js';

/**
 * One failed row of an import: its cells exactly as uploaded and why it failed. The id is the
 * job and the row number, so a resumed job records a row once however often it is read.
 */
export interface ImportFailureDocument {
  _id: string;
  jobId: string;
  row: number;
  cells: UploadedCell[];
  code: string;
  reason: string;
}

const importFailureSchema = new Schema<ImportFailureDocument>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    row: { type: Number, required: true },
    cells: { type: [Schema.Types.Mixed], default: [] },
    code: { type: String, required: true },
    reason: { type: String, required: true },
  },
  { ...baseSchemaOptions, timestamps: false },
);
importFailureSchema.index({ jobId: 1, row: 1 });
import { baseSchemaOptions } from '@zhtj/store';

export const importFailureModel = (connection: Connection): Model<ImportFailureDocument> =>
  connection.model<ImportFailureDocument>('ImportFailure', importFailureSchema, 'import_failures');

export const failureId = (jobId: string, row: number) => `${jobId}:${row}`;
