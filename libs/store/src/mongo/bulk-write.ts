import type { Model, mongo } from 'mongoose';

type AnyBulkWriteOperation<T extends mongo.Document> = mongo.AnyBulkWriteOperation<T>;

/**
 * Statements per bulk write command, by server. FerretDB 1.24 on PostgreSQL as released keeps a
 * pool connection for each statement of an `update` command until the command ends, so a command
 * with more statements than free pool connections — or two smaller ones at once — waits forever:
 * there every statement goes alone. The testkit's build from revision 4 on (`v1.24.2-zhtj4`,
 * libs/testkit/patches/ferretdb/0004) releases each statement's connection, and takes a hundred
 * per command; MongoDB takes the whole batch in one command.
 */
export function statementsPerCommand(buildInfo: { ferretdbVersion?: unknown }): number {
  if (typeof buildInfo.ferretdbVersion !== 'string') return 1000;
  const revision = /-zhtj(\d+)$/.exec(buildInfo.ferretdbVersion)?.[1];
  return revision && Number(revision) >= 4 ? 100 : 1;
}

const chunkSizes = new WeakMap<object, Promise<number>>();

function chunkSizeFor(db: mongo.Db): Promise<number> {
  const client = db.client;
  let size = chunkSizes.get(client);
  if (!size) {
    size = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => statementsPerCommand(info));
    chunkSizes.set(client, size);
  }
  return size;
}

/**
 * The raw driver's `bulkWrite` on a model's collection (no casting: the operations are complete),
 * in commands the server can take safely (see above), in order.
 */
export async function bulkWriteInChunks(
  model: Model<any>,
  operations: ReadonlyArray<AnyBulkWriteOperation<mongo.Document>>,
  options: mongo.BulkWriteOptions = {},
): Promise<void> {
  if (operations.length === 0) return;
  const db = model.db.db;
  if (!db) throw new Error('bulkWriteInChunks: the connection is not open');
  const size = await chunkSizeFor(db);
  for (let i = 0; i < operations.length; i += size) {
    await model.collection.bulkWrite(operations.slice(i, i + size) as AnyBulkWriteOperation<mongo.Document>[], options);
  }
}
