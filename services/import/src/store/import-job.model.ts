import { Schema, type Connection, type Model } from 'mongoose';
import type { ImportKind } from '@zhtj/contracts';

import type { ImportStatus } from '../domain/job-lifecycle.js';

export type { ImportStatus };

export interface ImportJobDocument {
  _id: string;
  /** The org the file was uploaded at, and the branch the rows go to (the same for a branch). */
  orgId: string;
  branchId: string;
  branchAncestors: string[];
  /** Both of the above, for "the imports of this org". */
  orgIds: string[];
  kind: ImportKind;
  fileId: string;
  fileName: string;
  fileSize: number;
  status: ImportStatus;
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  /** Batches whose results are recorded, in file order: where a replaced worker resumes. */
  batchesDone: number;
  /** Deliveries so far; a worker writes only while its attempt is the current one. */
  attempt: number;
  workerId: string | null;
  heartbeatAt: Date | null;
  /** Why the whole file was refused. */
  error: { code: string; params: Record<string, string | number> } | null;
  failuresFileId: string | null;
  createdBy: { accountId: string; name?: string };
  startedAt: Date | null;
  finishedAt: Date | null;
  outbox: OutboxEntry[];
  /** Set by the outbox plugin while events wait for the relay. */
  outboxPending: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const importJobSchema = new Schema<ImportJobDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    branchId: { type: String, required: true },
    branchAncestors: { type: [String], default: [] },
    orgIds: { type: [String], default: [] },
    kind: { type: String, required: true, enum: ['members', 'cadres'] },
    fileId: { type: String, required: true },
    fileName: { type: String, required: true },
    fileSize: { type: Number, required: true },
    status: { type: String, required: true, default: 'queued' },
    total: { type: Number, default: null },
    processed: { type: Number, default: 0 },
    succeeded: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    batchesDone: { type: Number, default: 0 },
    attempt: { type: Number, default: 0 },
    workerId: { type: String, default: null },
    heartbeatAt: { type: Date, default: null },
    error: { type: Schema.Types.Mixed, default: null },
    failuresFileId: { type: String, default: null },
    createdBy: { type: new Schema({ accountId: String, name: String }, { _id: false }), required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  baseSchemaOptions,
);
importJobSchema.plugin(outboxPlugin);
importJobSchema.index({ orgIds: 1, _id: 1 });
import { outboxPlugin, type OutboxEntry, baseSchemaOptions } from '@zhtj/store';

export const importJobModel = (connection: Connection): Model<ImportJobDocument> =>
  connection.model<ImportJobDocument>('ImportJob', importJobSchema, 'import_jobs');
