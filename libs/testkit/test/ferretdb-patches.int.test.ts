import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening, startFerretDb, type FerretBuild } from '../src/index.js';

// The project's FerretDB patches (patches/ferretdb) change how queries run, never what they
// answer: the same corpus of queries on the patched and the released build gives the same lists,
// the patched one sorts and cuts list pages in PostgreSQL, and its conditional writes are atomic
// across processes. PostgreSQL only: the patches are for its backend.
const havePostgres = await isListening(5432);

type Started = Awaited<ReturnType<typeof startFerretDb>>;

async function start(build: FerretBuild): Promise<Started> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zhtj-ferret-${build}-`));
  return startFerretDb({
    dataDir: path.join(dir, 'data'),
    logDir: path.join(dir, 'logs'),
    backend: 'postgresql',
    build,
    dropOnStop: true,
    log: () => undefined,
  });
}

/** Time-ordered string ids, as UUIDv7 gives: zero-padded so byte order is creation order. */
const id = (n: number) => `01a2${n.toString(16).padStart(8, '0')}-7000-8000-${'0'.repeat(12)}`;

/** Documents with the shapes a query may trip on: arrays, missing fields, mixed types, nesting. */
function corpus() {
  const docs: Record<string, unknown>[] = [];
  for (let n = 0; n < 400; n += 1) {
    const doc: Record<string, unknown> = {
      _id: id(n),
      parentId: `p${n % 7}`,
      ancestors: ['root', `p${n % 7}`, ...(n % 3 === 0 ? [`g${n % 5}`] : [])],
      status: ['pending', 'approved', 'completed', 'rejected'][n % 4],
      version: n % 9,
      name: ['团支部', '团委', 'Branch', 'branch', 'Äpfel', '😀 emoji'][n % 6]! + n,
      createdAt: new Date(Date.UTC(2026, 0, 1) + (n % 50) * 86_400_000),
      outbox: n % 5 === 0 ? [{ id: `e${n}`, subject: 'member.created' }] : [],
    };
    if (n % 11 !== 0) doc.branchId = `b${n % 13}`; // missing on some
    if (n % 4 === 0)
      doc.mixed = n; // a field holding numbers, strings, null, arrays
    else if (n % 4 === 1) doc.mixed = `s${n}`;
    else if (n % 4 === 2) doc.mixed = null;
    else doc.mixed = [n, `s${n}`];
    if (n % 17 === 0) doc.flag = true;
    // strings the fast decoder (0005) leaves to the released one: escapes, control characters
    if (n % 6 === 0) doc.note = `say "hi" \\ back\n\tslash ${n} \u0001 é`;
    doc.score = n / 4; // doubles and int32s
    if (n % 3 === 0) doc.meta = { a: n, b: { c: `x${n}`, d: [n, { e: null }] }, at: new Date(Date.UTC(2026, 0, 1) + n) };
    docs.push(doc);
  }
  return docs;
}

interface Query {
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
  projection?: Record<string, 0 | 1>;
}

const mid = id(200);
/** 500 ids, out of order: 300 of the corpus's (some twice) and 200 it does not hold. */
const manyIds = Array.from({ length: 500 }, (_, n) => id((n * 37) % 700)).reverse();
const queries: Query[] = [
  { filter: {}, sort: { _id: 1 }, limit: 51 },
  { filter: {}, sort: { _id: -1 }, limit: 51 },
  { filter: { ancestors: 'root' }, sort: { _id: 1 }, limit: 51 },
  { filter: { ancestors: 'root', _id: { $gt: mid } }, sort: { _id: 1 }, limit: 51 },
  { filter: { ancestors: 'root', _id: { $lt: mid } }, sort: { _id: -1 }, limit: 51 },
  { filter: { _id: { $gte: mid, $lte: id(230) } }, sort: { _id: 1 }, limit: 10 },
  { filter: { parentId: 'p3' }, sort: { _id: 1 }, skip: 5, limit: 10 },
  { filter: { parentId: 'p3', status: 'approved' }, sort: { _id: -1 }, limit: 5 },
  { filter: { status: { $ne: 'pending' } }, sort: { _id: 1 }, limit: 20 },
  { filter: { status: { $eq: 'completed' } }, sort: { _id: 1 }, limit: 20 },
  { filter: { branchId: 'b4' }, sort: { _id: 1 }, limit: 100 },
  { filter: { version: 3 }, sort: { _id: 1 }, limit: 7 },
  { filter: { version: 3.0 }, sort: { _id: -1 }, limit: 7 },
  { filter: { flag: true }, sort: { _id: 1 }, limit: 3 },
  { filter: { mixed: 8 }, sort: { _id: 1 }, limit: 3 }, // matches 8 and [8, 's8']? only arrays holding 8
  { filter: { mixed: 's9' }, sort: { _id: 1 }, limit: 3 },
  { filter: { mixed: null }, sort: { _id: 1 }, limit: 10 }, // null also matches missing: not pushed
  { filter: { branchId: { $exists: false } }, sort: { _id: 1 }, limit: 10 },
  { filter: { name: /^团/ }, sort: { _id: 1 }, limit: 10 },
  { filter: { 'outbox.id': 'e100' }, sort: { _id: 1 }, limit: 10 },
  { filter: { ancestors: { $in: ['g1', 'g2'] } }, sort: { _id: 1 }, limit: 10 },
  { filter: { status: { $in: ['pending', 'approved'] }, parentId: 'p2' }, sort: { _id: -1 }, limit: 10 },
  { filter: { mixed: { $in: ['s9', 's13', 's15'] } }, sort: { _id: 1 }, limit: 2 },
  { filter: { mixed: { $in: ['s9', 8] } }, sort: { _id: 1 }, limit: 10 }, // a number among them: not pushed
  { filter: { status: { $in: [] } }, sort: { _id: 1 }, limit: 10 },
  // `$in` on _id of any length (0006): ids present and absent, twice, out of order; a number among them
  { filter: { _id: { $in: manyIds } } },
  { filter: { _id: { $in: manyIds }, parentId: 'p2' }, sort: { _id: -1 }, limit: 20 },
  { filter: { _id: { $in: [...manyIds.slice(0, 150), 7] } } },
  { filter: { _id: { $in: [id(3), id(3), 'nope'] } }, sort: { _id: 1 } },
  { filter: { $or: [{ status: 'pending' }, { version: 1 }] }, sort: { _id: 1 }, limit: 10 },
  { filter: { ancestors: 'root' }, sort: { name: 1 }, limit: 10 }, // sorts on other fields stay in memory
  { filter: { ancestors: 'root' }, sort: { createdAt: -1 }, limit: 10 },
  { filter: { ancestors: 'root' }, sort: { mixed: 1 }, limit: 10 },
  { filter: { ancestors: 'root' }, sort: { _id: 1 }, skip: 390, limit: 51 }, // past the end
  { filter: { parentId: 'nobody' }, sort: { _id: 1 }, limit: 10 },
  { filter: { _id: { $gt: 5 } }, sort: { _id: 1 }, limit: 10 }, // a number bound on string ids
  { filter: { parentId: 'p1' } }, // no sort, no limit
  // projections, as list pages use them (0005 copies an excluded document once)
  { filter: { parentId: 'p3' }, sort: { _id: 1 }, limit: 20, projection: { outbox: 0, mixed: 0 } },
  { filter: { ancestors: 'root' }, sort: { _id: 1 }, limit: 51, projection: { outbox: 0, 'meta.b': 0 } },
  { filter: { ancestors: 'root' }, sort: { _id: 1 }, limit: 51, projection: { _id: 0, note: 0 } },
  { filter: { parentId: 'p2' }, sort: { _id: -1 }, limit: 10, projection: { name: 1, meta: 1, note: 1 } },
];

const run = (conn: Connection, name: string, q: Query) => {
  let cursor = conn.db!.collection(name).find(q.filter as never, q.projection ? { projection: q.projection } : {});
  if (q.sort) cursor = cursor.sort(q.sort);
  if (q.skip) cursor = cursor.skip(q.skip);
  if (q.limit) cursor = cursor.limit(q.limit);
  return cursor.toArray();
};

describe.skipIf(!havePostgres)('FerretDB patches', () => {
  let patched: Started;
  let released: Started;
  let p: Connection;
  let r: Connection;

  beforeAll(async () => {
    [patched, released] = await Promise.all([start('patched'), start('released')]);
    [p, r] = await Promise.all([
      mongoose.createConnection(patched.url, { dbName: 'corpus' }).asPromise(),
      mongoose.createConnection(released.url, { dbName: 'corpus' }).asPromise(),
    ]);
    for (const conn of [p, r]) {
      const docs = conn.db!.collection('docs');
      await docs.createIndexes([
        { key: { ancestors: 1, _id: 1 } },
        { key: { parentId: 1 } },
        { key: { status: 1 } },
        { key: { branchId: 1 } },
      ]);
      await docs.insertMany(corpus() as never[]);
      // A collection whose _ids are of several types: jsonb does not order them as BSON does.
      const mixedIds = conn.db!.collection('mixed_ids');
      await mixedIds.insertMany([
        { _id: 'b' as never, k: 1 },
        { _id: 3 as never, k: 1 },
        { _id: new mongoose.Types.ObjectId('0123456789abcdef01234567') as never, k: 1 },
        { _id: 'a' as never, k: 1 },
        { _id: 1.5 as never, k: 1 },
        { _id: 'c' as never, k: 2 },
      ]);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all([p?.close(), r?.close()]);
    await Promise.all([patched?.process.stop(), released?.process.stop()]);
  });

  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('answers %s as the released build does', async (_, q) => {
    const [mine, theirs] = await Promise.all([run(p, 'docs', q), run(r, 'docs', q)]);
    expect(mine).toEqual(theirs);
  });

  it('answers a collection of mixed _id types in BSON order (the pushdown steps aside)', async () => {
    for (const q of [
      { filter: { k: 1 }, sort: { _id: 1 as const }, limit: 3 },
      { filter: {}, sort: { _id: -1 as const }, limit: 2 },
      { filter: { _id: { $gt: 'a' } }, sort: { _id: 1 as const }, limit: 5 },
    ]) {
      const [mine, theirs] = await Promise.all([run(p, 'mixed_ids', q), run(r, 'mixed_ids', q)]);
      expect(mine).toEqual(theirs);
    }
    expect((await run(p, 'mixed_ids', { filter: {}, sort: { _id: 1 }, limit: 3 })).map((d) => d._id)).toEqual([1.5, 3, 'a']);
  });

  it('sorts and cuts a list page in PostgreSQL: the plan is an ordered index scan under a LIMIT', async () => {
    const explain = (conn: Connection, filter: Record<string, unknown>) =>
      conn.db!.command({ explain: { find: 'docs', filter, sort: { _id: 1 }, limit: 51 } });
    for (const filter of [
      { ancestors: 'root' },
      { ancestors: 'root', _id: { $gt: mid } },
      { parentId: 'p3', status: 'approved' },
      { status: { $in: ['pending', 'approved'] } },
      { _id: { $in: manyIds } },
    ]) {
      const mine = await explain(p, filter);
      expect(mine).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });
      expect(JSON.stringify(mine.queryPlanner)).toMatch(/"Node Type":"Limit"/);
      const theirs = await explain(r, filter);
      expect(theirs).toMatchObject({ sortPushdown: false, limitPushdown: false });
    }
    // What is not pushed whole is not cut in SQL: a regex, a sort on a name.
    expect(await p.db!.command({ explain: { find: 'docs', filter: { name: /^团/ }, sort: { _id: 1 }, limit: 5 } })).toMatchObject(
      {
        limitPushdown: false,
      },
    );
    expect(await p.db!.command({ explain: { find: 'docs', filter: {}, sort: { name: 1 }, limit: 5 } })).toMatchObject({
      sortPushdown: false,
      limitPushdown: false,
    });
  });

  it('runs an update command of more statements than its PostgreSQL pool has connections (30)', async () => {
    // As released, each statement kept its connection until the command ended: this one hung.
    const bulk = p.db!.collection('bulk');
    await bulk.insertMany(Array.from({ length: 150 }, (_, n) => ({ _id: id(n) as never, n: 0 })));
    const result = await bulk.bulkWrite(
      Array.from({ length: 150 }, (_, n) => ({
        updateOne: { filter: { _id: id(n) as never, n: 0 }, update: { $inc: { n: 1 } } },
      })),
      { ordered: false },
    );
    expect(result.modifiedCount).toBe(150);
    expect(await bulk.countDocuments({ n: 1 })).toBe(150);
  }, 60_000);

  it('keeps a $push with $slice to its length, as MongoDB does (the released build ignores $slice)', async () => {
    const lists = async (conn: Connection) => {
      const c = conn.db!.collection<{ _id: string; j: string[] }>('capped');
      await c.insertMany([
        { _id: 'last', j: [] },
        { _id: 'first', j: ['a'] },
        { _id: 'none', j: ['a'] },
      ]);
      for (let n = 0; n < 5; n += 1) {
        await c.updateOne({ _id: 'last' }, { $push: { j: { $each: [`x${n}`], $slice: -3 } } });
        await c.updateOne({ _id: 'first' }, { $push: { j: { $each: [`x${n}`, `y${n}`], $slice: 2 } } });
      }
      await c.updateOne({ _id: 'none' }, { $push: { j: { $each: ['b'], $slice: 0 } } });
      const bad = await c.updateOne({ _id: 'last' }, { $push: { j: { $each: ['z'], $slice: 1.5 } } }).catch((e: Error) => e);
      const docs = await c.find().sort({ _id: 1 }).toArray();
      return { docs: Object.fromEntries(docs.map((d) => [d._id, d.j])), bad: bad instanceof Error ? bad.message : 'accepted' };
    };
    expect(await lists(p)).toEqual({
      docs: { first: ['a', 'x0'], last: ['x2', 'x3', 'x4'], none: [] },
      bad: expect.stringMatching(/\$slice must be an integer/),
    });
    // As released: every element kept, the capped lists growing, and a fractional $slice accepted.
    expect(await lists(r)).toMatchObject({ docs: { last: ['x0', 'x1', 'x2', 'x3', 'x4', 'z'] }, bad: 'accepted' });
  });

  it('finds a document by a dotted key when updating, deleting and in findAndModify', async () => {
    const docs = p.db!.collection('docs');
    expect((await docs.updateOne({ 'outbox.id': 'e105' }, { $set: { touched: true } })).modifiedCount).toBe(1);
    expect(await docs.findOneAndUpdate({ 'outbox.id': 'e110' }, { $set: { touched: true } })).toMatchObject({ _id: id(110) });
    expect((await docs.deleteOne({ 'outbox.id': 'e115' })).deletedCount).toBe(1);
  });
});

// Two processes, several connections each, on one document: every `$inc` counts, and each
// version of a version-checked update has exactly one winner. ZHTJ_RACE_BUILD=released runs it
// against upstream's build, where it fails (bench/results/ferretdb-backends.md has figures).
const raceBuild = (process.env.ZHTJ_RACE_BUILD as FerretBuild | undefined) ?? 'patched';
const writer = fileURLToPath(new URL('./fixtures/race-writer.mjs', import.meta.url));

describe.skipIf(!havePostgres)(`FerretDB (${raceBuild}) conditional writes across processes`, () => {
  let server: Started;
  beforeAll(async () => {
    server = await start(raceBuild);
  }, 300_000);
  afterAll(() => server?.process.stop());

  const inTwoProcesses = (mode: 'inc' | 'versioned', rounds: number) =>
    Promise.all(
      ['a', 'b'].map(
        (name) =>
          new Promise<number>((resolve, reject) => {
            const child = fork(writer, [server.url, mode, name, String(rounds)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
            let out = '';
            child.stdout!.on('data', (d) => (out += d));
            child.once('exit', (code) =>
              code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer ${name} exited ${code}`)),
            );
          }),
      ),
    );

  it('counts every $inc', async () => {
    const conn = await mongoose.createConnection(server.url, { dbName: 'race' }).asPromise();
    await conn.db!.collection('counters').insertOne({ _id: 'c' as never, n: 0 });
    await inTwoProcesses('inc', 60);
    const doc = await conn.db!.collection('counters').findOne({ _id: 'c' as never });
    await conn.close();
    expect(doc?.n).toBe(2 * 60 * 4); // each writer: 4 connections × 60 increments
  }, 120_000);

  it('lets exactly one writer win each version', async () => {
    const conn = await mongoose.createConnection(server.url, { dbName: 'race' }).asPromise();
    await conn.db!.collection('versioned').insertOne({ _id: 'v' as never, version: 0, winners: [] });
    const wins = await inTwoProcesses('versioned', 40);
    const doc = await conn.db!.collection('versioned').findOne({ _id: 'v' as never });
    await conn.close();
    const versions = (doc!.winners as string[]).map((w) => w.split(':')[1]);
    expect(new Set(versions).size).toBe(versions.length); // no version won twice
    expect(wins[0]! + wins[1]!).toBe(doc!.version); // every reported win is in the document
    expect(doc!.winners).toHaveLength(doc!.version);
  }, 120_000);
});
