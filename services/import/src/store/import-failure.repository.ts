import type { Model } from 'mongoose';
import { failureId, type ImportFailureDocument } from './import-failure.model.js';
import { isDuplicateKeyError } from '@zhtj/store';

export type NewFailure = Omit<ImportFailureDocument, '_id' | 'jobId'>;

/** The only code that queries the failed rows of imports. */
export class ImportFailureRepository {
  constructor(private readonly model: Model<ImportFailureDocument>) {}

  /** Records failed rows; a row an earlier attempt recorded is left as it is (its id is the job and the row). */
  async save(jobId: string, rows: readonly NewFailure[]): Promise<void> {
    if (rows.length === 0) return;
    const docs = rows.map((f) => ({ _id: failureId(jobId, f.row), jobId, ...f }));
    try {
      await this.model.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ code?: number; errmsg?: string }> }).writeErrors;
      const onlyDuplicates = writeErrors?.every((e) => isDuplicateKeyError({ code: e.code, message: e.errmsg }));
      if (!onlyDuplicates && !(docs.length === 1 && isDuplicateKeyError(error))) throw error;
    }
  }

  /** A job's failed rows in file order, one at a time. */
  inRowOrder(jobId: string): AsyncIterable<ImportFailureDocument> {
    return this.model.find({ jobId }).sort({ row: 1 }).lean<ImportFailureDocument[]>().cursor();
  }
}
