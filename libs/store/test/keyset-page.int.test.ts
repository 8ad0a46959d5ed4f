import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { AppError } from '@zhtj/contracts';
import { baseSchemaOptions, connectMongo, encodeCursor, keysetPage } from '../src/index.js';

const infra = testInfra();
let connection: Awaited<ReturnType<typeof connectMongo>>;

interface Row {
  _id: string;
  group: string;
  secret: string;
}
const rowSchema = new Schema<Row>({ _id: String, group: String, secret: String }, baseSchemaOptions);
rowSchema.index({ group: 1, _id: 1 });
const model = () => connection.model<Row>('KeysetRow', rowSchema);
const ids = (page: { items: Row[] }) => page.items.map((r) => r._id);

beforeAll(async () => {
  connection = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('keyset') });
  await model().init();
  // Inserted out of order, so that the order seen is the query's, not the insertion's.
  await model().insertMany(
    ['r05', 'r01', 'r07', 'r03', 'r02', 'r06', 'r04', 'x01', 'x02'].map((_id) => ({
      _id,
      group: _id.startsWith('r') ? 'r' : 'x',
      secret: `s-${_id}`,
    })),
  );
});
afterAll(async () => {
  await connection.close();
  await removeNamespace(infra, infra.namespace);
});

describe('keysetPage', () => {
  it('walks a filtered list in _id order by cursors, each page once, the last without a cursor', async () => {
    const first = await keysetPage(model(), { group: 'r' }, { limit: 3 });
    expect(ids(first)).toEqual(['r01', 'r02', 'r03']);
    const second = await keysetPage(model(), { group: 'r' }, { limit: 3, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['r04', 'r05', 'r06']);
    const last = await keysetPage(model(), { group: 'r' }, { limit: 3, cursor: second.nextCursor! });
    expect(ids(last)).toEqual(['r07']);
    expect(last.nextCursor).toBeNull();
  });

  it('gives no cursor when the page holds exactly what is left', async () => {
    const page = await keysetPage(model(), { group: 'x' }, { limit: 2 });
    expect(ids(page)).toEqual(['x01', 'x02']);
    expect(page.nextCursor).toBeNull();
  });

  it('walks newest first when descending', async () => {
    const first = await keysetPage(model(), { group: 'r' }, { limit: 4 }, { order: 'descending' });
    expect(ids(first)).toEqual(['r07', 'r06', 'r05', 'r04']);
    const rest = await keysetPage(model(), { group: 'r' }, { limit: 4, cursor: first.nextCursor! }, { order: 'descending' });
    expect(ids(rest)).toEqual(['r03', 'r02', 'r01']);
    expect(rest.nextCursor).toBeNull();
  });

  it('leaves out what `select` excludes', async () => {
    const page = await keysetPage(model(), { group: 'x' }, { limit: 1 }, { select: '-secret' });
    expect(ids(page)).toEqual(['x01']);
    expect(page.items[0]).toMatchObject({ _id: 'x01', group: 'x' });
    expect(page.items[0]).not.toHaveProperty('secret');
    expect((await keysetPage(model(), { group: 'x' }, { limit: 1 })).items[0]).toHaveProperty('secret', 's-x01');
  });

  it('continues after a cursor’s key even when that document is gone', async () => {
    const page = await keysetPage(model(), { group: 'r' }, { limit: 2, cursor: encodeCursor('r035') });
    expect(ids(page)).toEqual(['r04', 'r05']);
  });

  it('refuses a cursor it did not make as a validation failure naming `cursor`', async () => {
    const error = await keysetPage(model(), { group: 'r' }, { limit: 2, cursor: '{"$gt":""}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).errors).toEqual([{ path: 'cursor', code: 'VALIDATION_FAILED' }]);
  });

  it('will not let a filter constrain _id, which the cursor owns', async () => {
    await expect(keysetPage(model(), { _id: { $gt: '' } }, { limit: 2 })).rejects.toThrow(/constrains _id/);
  });
});
