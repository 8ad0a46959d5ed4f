import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '@zhtj/bus';
import { membersBatchCreateV1, newId, type EventEnvelope } from '@zhtj/contracts';
import { serveCommands, sweepAbandonedBatches } from '../src/events/commands.js';
import { createMembers } from '../src/usecases/create-members.js';
import { idNumberFor, startMembership, type MembershipHarness, type TestOrg } from './harness.js';

let h: MembershipHarness;
const county: TestOrg = { id: newId(), name: '某县团委', type: 'committee', ancestors: [] };
const branch: TestOrg = { id: newId(), name: '机关团支部', type: 'branch', ancestors: [county.id] };

beforeAll(async () => {
  h = await startMembership();
  await h.publishOrgs([county, branch]);
  serveCommands(h.bus, h.deps);
});
afterAll(() => h.stop());

const row = (i: number, overrides: Record<string, unknown> = {}) => ({
  row: i + 2,
  member: {
    name: '批量团员',
    // A distinct birth date and sequence for every i (up to 336,000).
    idNumber: idNumberFor(
      `2004${String((i % 12) + 1).padStart(2, '0')}${String((Math.floor(i / 12) % 28) + 1).padStart(2, '0')}`,
      Math.floor(i / 336),
      '320102',
    ),
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2019-06',
    developmentNumber: `2019${String(32_000_000 + i)}`,
    ...overrides,
  },
});
const batch = (rows: ReturnType<typeof row>[], batchId = newId(), branchId = branch.id) =>
  request(h.bus, membersBatchCreateV1, {
    batchId,
    branchId,
    kind: 'member',
    importJobId: 'job-1',
    actor: { accountId: newId() },
    rows,
  });

describe('the batch-create command', () => {
  it('creates 1,000 rows in one request, answering each row', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i));
    rows[10] = row(10, { idNumber: '320102200411010001' });
    rows[20] = row(20, { joinedAt: '2019-6' });
    rows[30] = { ...row(30), member: { ...row(30).member, idNumber: rows[40]!.member.idNumber } };
    const reply = await batch(rows);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.results).toHaveLength(1000);
    expect(reply.results[10]).toMatchObject({ row: 12, status: 'failed', code: 'ID_NUMBER_INVALID' });
    expect(reply.results[20]).toMatchObject({ status: 'failed', code: 'JOINED_AT_INVALID' });
    expect(reply.results[30]).toMatchObject({ status: 'created' });
    expect(reply.results[40]).toMatchObject({ status: 'failed', code: 'DUPLICATE_IN_FILE' });
    expect(reply.results.filter((r) => r.status === 'created')).toHaveLength(997);
    expect(await h.models.members.countDocuments({ branchId: branch.id })).toBe(997);
    // The members' events are in the batch's one outbox, not in each member.
    const one = await h.models.members.findOne({ branchId: branch.id }).lean();
    expect(one!.outbox).toEqual([]);
    const written = await h.models.batches.find({ status: 'done' }).lean();
    const events = written
      .flatMap((b) => b.outbox as Array<{ data: { id: string; importJobId?: string } }>)
      .filter((e) => e.data.importJobId === 'job-1');
    expect(events).toHaveLength(997);
    expect(events[0]).toMatchObject({ type: 'member.created', data: { kind: 'member', importJobId: 'job-1' } });
    expect(new Set(events.map((e) => e.data.id))).toEqual(
      new Set(reply.results.flatMap((r) => (r.status === 'created' ? [r.memberId] : []))),
    );
  });

  it('answers a repeated batch the same way and creates nobody twice', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => row(2000 + i));
    const batchId = newId();
    const first = await batch(rows, batchId);
    const again = await batch(rows, batchId);
    expect(again).toEqual(first);
    expect(await h.models.members.countDocuments({ batchId })).toBe(20);
  });

  it('finishes a batch whose earlier try died half-way, without creating anyone twice', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(3000 + i));
    const batchId = newId();
    // The earlier try wrote its first five rows (and their development numbers) but never answered.
    const partial = await batch(rows.slice(0, 5), batchId);
    await h.models.batches.deleteOne({ _id: batchId });
    const whole = await batch(rows, batchId);
    expect(whole.ok && whole.results.filter((r) => r.status !== 'created')).toEqual([]);
    if (partial.ok && whole.ok) expect(whole.results.slice(0, 5)).toEqual(partial.results);
    expect(await h.models.members.countDocuments({ batchId })).toBe(10);
  });

  it('fails a row with a control character in any field on its own, naming the field; the others are created', async () => {
    const rows = [row(8801), row(8802, { employer: '某\u0000公司' }), row(8803, { occupation: '学生\u0007' })];
    const reply = await batch(rows);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.results.map((r) => r.status)).toEqual(['created', 'failed', 'failed']);
    expect(reply.results[1]).toMatchObject({
      code: 'TEXT_CONTROL_CHARACTER',
      errors: [{ path: 'employer', code: 'TEXT_CONTROL_CHARACTER' }],
    });
    expect(reply.results[2]).toMatchObject({ errors: [{ path: 'occupation', code: 'TEXT_CONTROL_CHARACTER' }] });
  });

  it('says MEMBER_ALREADY_EXISTS for people already in the system', async () => {
    const rows = [row(2000), row(4000)];
    const reply = await batch(rows);
    expect(reply.ok && reply.results.map((r) => r.status)).toEqual(['failed', 'created']);
    expect(reply.ok && reply.results[0]).toMatchObject({ code: 'MEMBER_ALREADY_EXISTS' });
  });

  it('refuses a target that is not an active branch as a whole', async () => {
    expect(await batch([row(5000)], newId(), county.id)).toEqual({ ok: false, code: 'MEMBER_NOT_IN_BRANCH' });
    expect(await batch([row(5000)], newId(), newId())).toEqual({ ok: false, code: 'ORG_NOT_FOUND' });
  });
});

describe('a batch whose try died half-way', () => {
  it('is finished by the next try, announcing the members the first try created', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(5000 + i));
    const batchId = newId();
    // The first try: the batch on record, two members written, then the process died.
    await h.models.batches.create({ _id: batchId, status: 'writing', kind: 'member', createdAt: new Date() });
    const branchOrg = (await h.deps.orgs.get(branch.id))!;
    await createMembers(h.deps, {
      branch: branchOrg,
      rows: rows.slice(0, 2),
      kind: 'member',
      actor: { accountId: 'a' },
      batchId,
      eventSink: [],
    });

    const reply = await batch(rows, batchId);
    expect(reply.ok && reply.results.every((r) => r.status === 'created')).toBe(true);
    const done = (await h.models.batches.findById(batchId).lean())!;
    expect(done.status).toBe('done');
    expect(done.outbox.map((e) => (e.data as { idNumber: string }).idNumber).sort()).toEqual(
      rows.map((r) => r.member.idNumber).sort(),
    );
  });

  it('is announced once per member when a retry overlaps a slower first try', async () => {
    const rows = Array.from({ length: 4 }, (_, i) => row(7000 + i));
    const batchId = newId();
    // The first try is still `writing` (the import worker's request timed out and it asked again):
    // it has created and announced every member by the time the retry looks.
    await h.models.batches.create({ _id: batchId, status: 'writing', kind: 'member', createdAt: new Date() });
    const branchOrg = (await h.deps.orgs.get(branch.id))!;
    const firstTry: EventEnvelope[] = [];
    await createMembers(h.deps, {
      branch: branchOrg,
      rows,
      kind: 'member',
      actor: { accountId: 'a' },
      batchId,
      eventSink: firstTry,
    });
    for (const event of firstTry) expect((await h.bus.publish(event)).duplicate).toBe(false);

    const reply = await batch(rows, batchId);
    expect(reply.ok && reply.results.every((r) => r.status === 'created')).toBe(true);
    const retry = (await h.models.batches.findById(batchId).lean())!.outbox as EventEnvelope[];
    expect(retry.map((e) => e.id).sort()).toEqual(firstTry.map((e) => e.id).sort());
    // The retry's announcements were the same events: JetStream kept the first copy only.
    for (const event of retry) expect((await h.bus.publish(event)).duplicate).toBe(true);
  });

  it('is swept when nobody tries again: its members are announced all the same', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => row(6000 + i));
    const batchId = newId();
    await h.models.batches.create({
      _id: batchId,
      status: 'writing',
      kind: 'member',
      importJobId: 'job-9',
      createdAt: new Date(Date.now() - 3_600_000),
    });
    const branchOrg = (await h.deps.orgs.get(branch.id))!;
    await createMembers(h.deps, { branch: branchOrg, rows, kind: 'member', actor: { accountId: 'a' }, batchId, eventSink: [] });

    expect(await sweepAbandonedBatches(h.deps, 10 * 60_000)).toBe(1);
    const swept = (await h.models.batches.findById(batchId).lean())!;
    expect(swept.status).toBe('swept');
    expect(swept.outbox).toHaveLength(3);
    expect(swept.outbox[0]).toMatchObject({ type: 'member.created', data: { importJobId: 'job-9' } });
    expect(await sweepAbandonedBatches(h.deps, 10 * 60_000)).toBe(0);
  });
});
