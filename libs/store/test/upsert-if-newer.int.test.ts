import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { upsertIfNewer } from '../src/index.js';

interface Row {
  _id: string;
  name: string;
  version: number;
}

const infra = testInfra();
let connection: Connection;
let Rows: Model<Row>;

beforeAll(async () => {
  connection = await mongoose.createConnection(infra.mongoUrl, { dbName: infra.dbName('upsert') }).asPromise();
  Rows = connection.model<Row>('Row', new Schema<Row>({ _id: String, name: String, version: Number }, { versionKey: false }));
  await Rows.init();
});
afterAll(async () => {
  await connection.close();
  await removeNamespace(infra, infra.namespace);
});

const row = (id: string) => Rows.findById(id).lean();

describe('upsertIfNewer (the versioned projection write)', () => {
  it('creates an unknown document, then applies only newer versions', async () => {
    expect(await upsertIfNewer(Rows, 'a', 2, { name: 'v2' })).toBe(true);
    expect(await row('a')).toEqual({ _id: 'a', name: 'v2', version: 2 });
    // The same event again, and an older one arriving late: nothing changes, nothing throws.
    expect(await upsertIfNewer(Rows, 'a', 2, { name: 'v2 again' })).toBe(false);
    expect(await upsertIfNewer(Rows, 'a', 1, { name: 'v1' })).toBe(false);
    expect(await row('a')).toEqual({ _id: 'a', name: 'v2', version: 2 });
    expect(await upsertIfNewer(Rows, 'a', 5, { name: 'v5' })).toBe(true);
    expect(await row('a')).toEqual({ _id: 'a', name: 'v5', version: 5 });
  });

  it('without `create`, leaves an unknown document unknown', async () => {
    expect(await upsertIfNewer(Rows, 'b', 3, { name: 'v3' }, { create: false })).toBe(false);
    expect(await row('b')).toBeNull();
  });

  it('lets one of many concurrent writers of versions 1…12 win with the highest, whatever the order', async () => {
    const versions = [7, 3, 12, 1, 9, 5, 11, 2, 8, 4, 10, 6];
    await Promise.all(versions.map((v) => upsertIfNewer(Rows, 'c', v, { name: `v${v}` })));
    expect(await row('c')).toEqual({ _id: 'c', name: 'v12', version: 12 });
  });
});
