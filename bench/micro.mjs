import mongoose from 'mongoose';
const c = await mongoose.createConnection(process.argv[2], { dbName: 'micro_' + Date.now(), maxPoolSize: 1 }).asPromise();
const col = c.db.collection('m');
await col.createIndex({ outboxPending: 1 });
const mk = (i) => ({
  _id: 'id' + i + '-' + Math.random(),
  name: '李华',
  idNumber: '1101052000' + i,
  branchId: 'b',
  outboxPending: true,
  outbox: [
    {
      id: 'e' + i,
      type: 'member.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'membership',
      data: { id: 'id' + i, name: '李华', idNumber: '1101', branchId: 'b', branchAncestors: ['a', 'b'] },
    },
  ],
});
for (let round = 0; round < 3; round++) {
  const docs = Array.from({ length: 1000 }, (_, i) => mk(round * 1000 + i));
  let t = performance.now();
  await col.insertMany(docs);
  const ins = performance.now() - t;
  t = performance.now();
  await col.updateMany(
    { outboxPending: true, _id: { $in: docs.map((d) => d._id) } },
    { $pullAll: { outbox: docs.flatMap((d) => d.outbox) } },
  );
  const pull = performance.now() - t;
  t = performance.now();
  await col.updateMany({ outboxPending: true, _id: { $in: docs.map((d) => d._id) } }, { $set: { outboxPending: false } });
  const set = performance.now() - t;
  t = performance.now();
  const left = await col.countDocuments({ outboxPending: true });
  console.log(`insert ${ins.toFixed(0)} ms, pullAll ${pull.toFixed(0)} ms, set ${set.toFixed(0)} ms, pending left ${left}`);
}
await c.db.dropDatabase();
await c.close();
