// Seeds ~20,000 member-like documents (300 in one branch) and membership's indexes.
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
const url = process.argv[2] ?? 'mongodb://127.0.0.1:27100/';
function uuidv7(ms) {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const branchIds = Array.from({ length: 80 }, (_, i) => uuidv7(1750000000000 + i));
export const TARGET = branchIds[0];
const ancestors = [uuidv7(1740000000000), uuidv7(1740000000001), uuidv7(1740000000002)];
const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'];
function member(i, branchId) {
  const t = new Date(1760000000000 + i * 1000);
  return {
    _id: uuidv7(1760000000000 + i * 1000),
    name: names[i % names.length] + i,
    idNumber: '1101011990' + String(i).padStart(7, '0') + 'X',
    gender: i % 2 ? 'male' : 'female',
    birthDate: '2001-05-17',
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2016-05-04',
    developmentNumber: `DN${String(i).padStart(10, '0')}`,
    educationFullTime: '本科',
    educationHighest: '硕士研究生',
    occupation: '学生',
    employer: '某某大学计算机科学与技术学院',
    phone: `138${String(i).padStart(8, '0')}`,
    branchId,
    branchAncestors: [...ancestors, branchId],
    status: 'active',
    openTransferId: null,
    lastTransferId: null,
    identityCheck: 'passed',
    identityCheckBatchId: uuidv7(1755000000000 + (i % 50)),
    removedIdNumber: null,
    batchId: uuidv7(1754000000000 + (i % 40)),
    importJobId: uuidv7(1753000000000 + (i % 40)),
    createdBy: uuidv7(1752000000000),
    lastApproval: null,
    version: 1,
    outbox: [],
    outboxLock: null,
    outboxPending: false,
    createdAt: t,
    updatedAt: t,
  };
}
const client = await MongoClient.connect(url);
const col = client.db('membership').collection('members');
await col.drop().catch(() => {});
await col.createIndex({ idNumber: 1 }, { unique: true });
await col.createIndex({ branchId: 1, _id: 1 });
await col.createIndex({ branchAncestors: 1, _id: 1 });
await col.createIndex({ batchId: 1 });
await col.createIndex({ identityCheck: 1 });
await col.createIndex({ identityCheckBatchId: 1 });
await col.createIndex({ outboxPending: 1 }, { name: 'outbox_pending' });
const N = 20000;
let batch = [];
for (let i = 0; i < N; i++) {
  const branchId = i % 66 === 0 && i < 300 * 66 ? branchIds[0] : branchIds[1 + (i % 79)];
  batch.push(member(i, branchId));
  if (batch.length === 500) {
    await col.insertMany(batch, { ordered: false });
    batch = [];
  }
}
if (batch.length) await col.insertMany(batch);
console.log(
  'target branch',
  branchIds[0],
  'count',
  await col.countDocuments({ branchId: branchIds[0] }),
  'total',
  await col.countDocuments({}),
);
await client.close();
