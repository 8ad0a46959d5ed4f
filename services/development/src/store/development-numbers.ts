import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@zhtj/store';
import { developmentNumber } from '../domain/development-number.js';

/** One document per year: the last sequence given out that year. */
export interface YearSequenceDocument {
  _id: string;
  last: number;
}
const yearSequenceSchema = new Schema<YearSequenceDocument>(
  { _id: { type: String, required: true }, last: { type: Number, required: true } },
  { versionKey: false },
);

export function yearSequenceModel(connection: Connection): Model<YearSequenceDocument> {
  return (
    (connection.models['YearSequence'] as Model<YearSequenceDocument> | undefined) ??
    connection.model<YearSequenceDocument>('YearSequence', yearSequenceSchema, 'development_number_sequences')
  );
}

/**
 * Gives out 发展团员编号: each the year's sequence moved on by one in a single conditional write
 * (`$inc` in findOneAndUpdate), so replicas and processes allocating at once never get the same
 * number, and a number once given is never given again. On FerretDB this rests on the testkit
 * build's atomic findAndModify (patch 0003); on MongoDB it is a single-document write.
 */
export class DevelopmentNumbers {
  constructor(private readonly sequences: Model<YearSequenceDocument>) {}

  async next(year: number): Promise<string> {
    const doc = await this.bump(year).catch((error: unknown) => {
      // Two first allocations of a year: both upserted, one inserted; the other moves the sequence now.
      if (isDuplicateKeyError(error)) return this.bump(year);
      throw error;
    });
    return developmentNumber(year, doc.last);
  }

  private async bump(year: number): Promise<YearSequenceDocument> {
    const doc = await this.sequences
      .findOneAndUpdate({ _id: String(year) }, { $inc: { last: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean<YearSequenceDocument>();
    if (!doc) throw new Error(`no sequence for ${year} after an upsert`);
    return doc;
  }
}
