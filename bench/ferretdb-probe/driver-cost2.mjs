import { MongoClient } from 'mongodb';
const url = process.argv[2];
const N = 300;
const filter = { branchId: '01977420-dc00-711e-8d6f-b8766c225cf4', status: 'active' };
for (const [name, opts] of [
  ['default', {}],
  ['enableUtf8Validation:false', { enableUtf8Validation: false }],
]) {
  const client = await MongoClient.connect(url, { maxPoolSize: 1, ...opts });
  const col = client.db('membership').collection('members');
  const q = () =>
    col.find(filter, { sort: { _id: 1 }, limit: 51, projection: { outbox: 0, outboxLock: 0 }, maxTimeMS: 5000 }).toArray();
  for (let i = 0; i < 50; i++) await q();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await q();
  const c = process.cpuUsage(c0);
  console.log(
    `${name}: client cpu ${((c.user + c.system) / 1000 / N).toFixed(2)} ms/page, wall ${(Number(process.hrtime.bigint() - t0) / 1e6 / N).toFixed(2)} ms/page`,
  );
  await client.close();
}
