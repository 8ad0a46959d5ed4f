import { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { baseSchemaOptions, connectMongo, DuplicateKeyError, rethrowDuplicateKey } from '../src/index.js';

const infra = testInfra();
let connection: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  connection = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('kit') });
});
afterAll(async () => {
  await connection.close();
  await removeNamespace(infra, infra.namespace);
});

const personSchema = new Schema({ _id: String, idNumber: String, name: String, version: Number }, baseSchemaOptions);
personSchema.index({ idNumber: 1 }, { unique: true });

describe('mongoose on the provisioned store', () => {
  it('turns a unique index violation into a typed DuplicateKeyError naming the field', async () => {
    const Person = connection.model('Person', personSchema);
    await Person.init();
    await Person.create({ _id: 'a', idNumber: '110101199003074477', name: '张三', version: 1 });
    const error = await Person.create({ _id: 'b', idNumber: '110101199003074477', name: '李四', version: 1 })
      .catch((e) => rethrowDuplicateKey(e))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateKeyError);
    // MongoDB names the index; FerretDB 1.24 does not say which one.
    if ((error as DuplicateKeyError).fields.length > 0) expect((error as DuplicateKeyError).fields).toEqual(['idNumber']);
    expect(await Person.countDocuments()).toBe(1);
  });

  it('also types the error when an update, not an insert, breaks the unique index', async () => {
    const Person = connection.model('Person', personSchema);
    await Person.create({ _id: 'u', idNumber: '110101199508161234', name: '赵六', version: 1 });
    const error = await Person.updateOne({ _id: 'u' }, { $set: { idNumber: '110101199003074477' } })
      .catch(rethrowDuplicateKey)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateKeyError);
    await Person.deleteOne({ _id: 'u' });
  });

  it('lets exactly one of many concurrent version-checked updates win (optimistic locking without transactions)', async () => {
    const Person = connection.model('Person', personSchema);
    await Person.create({ _id: 'c', idNumber: '110101200001011232', name: '王五', version: 1 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        Person.updateOne({ _id: 'c', version: 1 }, { $set: { name: `v${i}` }, $inc: { version: 1 } }),
      ),
    );
    expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
    expect((await Person.findById('c').lean())!.version).toBe(2);
  });

  it('serialises documents without _id and with id', async () => {
    const Person = connection.model('Person', personSchema);
    const json = (await Person.findById('a'))!.toJSON() as Record<string, unknown>;
    expect(json.id).toBe('a');
    expect(json).not.toHaveProperty('_id');
  });
});
