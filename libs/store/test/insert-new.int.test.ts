import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { insertNew } from '../src/index.js';

interface Row {
  _id: string;
  n: number;
}

const infra = testInfra();
let connection: Connection;
let Rows: Model<Row>;

beforeAll(async () => {
  connection = await mongoose.createConnection(infra.mongoUrl, { dbName: infra.dbName('insert_new') }).asPromise();
  Rows = connection.model<Row>('Row', new Schema<Row>({ _id: String, n: Number }, { versionKey: false }));
  await Rows.init();
});
afterAll(async () => {
  await connection.close();
  await removeNamespace(infra, infra.namespace);
});

describe('insertNew (the bulk insert of documents believed absent)', () => {
  it('inserts them all in one command and reports none there', async () => {
    const docs = Array.from({ length: 250 }, (_, n) => ({ _id: `a${String(n).padStart(3, '0')}`, n }));
    expect(await insertNew(Rows, docs)).toEqual([]);
    expect(await Rows.countDocuments({ _id: /^a/ })).toBe(250);
  });

  it('reports the ones already there, leaves them as they were, and inserts every other', async () => {
    await Rows.insertMany([
      { _id: 'b01', n: -1 },
      { _id: 'b07', n: -7 },
    ]);
    const docs = Array.from({ length: 10 }, (_, n) => ({ _id: `b${String(n).padStart(2, '0')}`, n }));
    expect((await insertNew(Rows, docs)).sort()).toEqual(['b01', 'b07']);
    const stored = await Rows.find({ _id: /^b/ }).sort({ _id: 1 }).lean();
    expect(stored.map((r) => r.n)).toEqual([0, -1, 2, 3, 4, 5, 6, -7, 8, 9]);
  });

  it('throws what is not a duplicate', async () => {
    await expect(
      insertNew(Rows, [
        { _id: 'c1', n: 1 },
        { _id: { $bad: 1 } as never, n: 2 },
      ]),
    ).rejects.toThrow();
  });
});
