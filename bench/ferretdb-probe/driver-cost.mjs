// CPU the client spends per members page, one request at a time: mongodb driver vs mongoose .lean().
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
const url = process.argv[2] ?? 'mongodb://127.0.0.1:27102/';
const N = Number(process.argv[3] ?? 300);
const TARGET = '01977420-dc00-711e-8d6f-b8766c225cf4';
const filter = { branchId: TARGET, status: 'active' };
async function measure(name, fn) {
  for (let i = 0; i < 30; i++) await fn();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6 / N;
  console.log(`${name}: client cpu ${((c.user + c.system) / 1000 / N).toFixed(2)} ms/page, wall ${wall.toFixed(2)} ms/page`);
}
const client = await MongoClient.connect(url, { maxPoolSize: 1 });
const col = client.db('membership').collection('members');
await measure('mongodb driver find', () =>
  col.find(filter, { sort: { _id: 1 }, limit: 51, projection: { outbox: 0, outboxLock: 0 }, maxTimeMS: 5000 }).toArray(),
);
const conn = await mongoose.createConnection(url, { dbName: 'membership', maxPoolSize: 1, autoIndex: false }).asPromise();
const M = conn.model(
  'Member',
  new mongoose.Schema({ _id: String, branchId: String, status: String }, { strict: false, versionKey: false }),
  'members',
);
await measure('mongoose .lean() find', () => M.find(filter).sort({ _id: 1 }).limit(51).select('-outbox -outboxLock').lean());
const docs = await col.find(filter, { sort: { _id: 1 }, limit: 51, projection: { outbox: 0, outboxLock: 0 } }).toArray();
const t0 = process.cpuUsage();
for (let i = 0; i < 2000; i++) JSON.stringify(docs);
const c = process.cpuUsage(t0);
console.log(`JSON.stringify of the page: ${((c.user + c.system) / 1000 / 2000).toFixed(3)} ms`);
await conn.close();
await client.close();
