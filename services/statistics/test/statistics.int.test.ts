import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvent,
  memberBranchChangedV1,
  memberCadreAppointedV1,
  memberCreatedV1,
  memberRemovedV1,
  memberUpdatedV1,
  newId,
  orgDissolvedV1,
  orgStatisticsView,
  pageOf,
  transferCompletedV1,
  transferRequestedV1,
  type EventEnvelope,
  type MemberProfile,
  type OrgStatisticsView,
} from '@zhtj/contracts';
import { eventually, idNumberFor, jsonBody, orgCreatedEvent, type TestOrg } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { statisticsModels } from '../src/store/models.js';
import { startStatistics, type StatisticsHarness } from './harness.js';

const infra = testInfra();
let h: StatisticsHarness;
beforeAll(async () => {
  h = await startStatistics(infra);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const city: TestOrg = { id: newId(), name: '统计市团委', type: 'committee', ancestors: [] };
const county: TestOrg = { id: newId(), name: '统计县团委', type: 'committee', ancestors: [city.id] };
const other: TestOrg = { id: newId(), name: '邻县团委', type: 'committee', ancestors: [city.id] };
const b1: TestOrg = { id: newId(), name: '一支部', type: 'branch', ancestors: [city.id, county.id] };
const b2: TestOrg = { id: newId(), name: '二支部', type: 'branch', ancestors: [city.id, county.id] };
const b3: TestOrg = { id: newId(), name: '三支部', type: 'branch', ancestors: [city.id, other.id] };

const profile = (over: Partial<MemberProfile> = {}): MemberProfile => ({
  gender: 'male',
  birthDate: '2006-01-15',
  ethnicity: '汉族',
  politicalStatus: '共青团员',
  educationFullTime: '高中',
  educationHighest: '高中',
  ...over,
});
const placement = (id: string, branch: TestOrg, version: number) => ({
  id,
  branchId: branch.id,
  branchAncestors: branch.ancestors,
  version,
});
const created = (id: string, branch: TestOrg, n: number, over: Partial<MemberProfile> = {}) =>
  createEvent(
    memberCreatedV1,
    {
      ...placement(id, branch, 1),
      name: '统计团员',
      idNumber: idNumberFor('20060115', n),
      kind: 'member',
      profile: profile(over),
    },
    { source: 'membership' },
  );

/** The figures once the org is known here (the tree arrives on its own stream), else null. */
async function known(orgId: string): Promise<OrgStatisticsView | null> {
  const res = await h.call(city.id, `/orgs/${orgId}/statistics`);
  return res.status === 200 ? orgStatisticsView.parse(await jsonBody(res)) : null;
}

async function figures(orgId: string, as = city.id): Promise<OrgStatisticsView> {
  const res = await h.call(as, `/orgs/${orgId}/statistics`);
  expect(res.status).toBe(200);
  return orgStatisticsView.parse(await jsonBody(res));
}

const members = Array.from({ length: 6 }, () => newId());
const transferId = newId();
const published: EventEnvelope[] = [];
const publish = async (event: EventEnvelope) => {
  published.push(event);
  await h.bus.publish(event);
};

describe('statistics from the streams', () => {
  it('counts every org’s whole subtree as members, cadres, branches and transfers arrive', async () => {
    for (const o of [city, county, other, b1, b2, b3]) await publish(orgCreatedEvent(o));
    await eventually(async () => (await known(city.id))?.branches.total === 3, 'the branches counted');
    await eventually(async () => (await known(county.id)) !== null, 'the county known');
    expect((await figures(county.id)).branches).toEqual({ total: 2, withoutMembers: 2, withoutCadres: 2 });

    await publish(created(members[0]!, b1, 1));
    await publish(created(members[1]!, b1, 2, { gender: 'female', ethnicity: '回族', birthDate: '2000-03-02' }));
    await publish(created(members[2]!, b2, 3, { politicalStatus: '中共党员' }));
    await publish(created(members[3]!, b3, 4));
    await publish(
      createEvent(
        memberCadreAppointedV1,
        { id: newId(), orgId: b1.id, orgAncestors: b1.ancestors, memberId: members[0]!, position: '书记', nature: '兼职' },
        { source: 'membership' },
      ),
    );
    await eventually(
      async () => (await figures(city.id)).members === 4 && (await figures(city.id)).cadres.total === 1,
      'counted',
    );

    const c = await figures(county.id);
    expect(c).toMatchObject({
      name: '统计县团委',
      members: 3,
      gender: { male: 2, female: 1 },
      ethnicGroup: { han: 2, minority: 1, unknown: 0 },
      politicalStatus: { 共青团员: 2, 中共党员: 1 },
      ageBand: { '18to22': 2, '25to28': 1 },
      cadres: { total: 1, position: { 书记: 1 }, nature: { 兼职: 1 } },
      branches: { total: 2, withoutMembers: 0, withoutCadres: 1 },
    });
    expect((await figures(city.id)).orgs).toEqual({ committee: 3, branch: 3 });
  });

  it('follows edits, moves, removals, transfers and dissolutions', async () => {
    await publish(
      createEvent(
        memberUpdatedV1,
        {
          ...placement(members[0]!, b1, 2),
          name: '统计团员',
          changedFields: ['politicalStatus'],
          profile: profile({ politicalStatus: '中共预备党员' }),
        },
        { source: 'membership' },
      ),
    );
    await publish(
      createEvent(memberBranchChangedV1, { ...placement(members[2]!, b3, 2), fromBranchId: b2.id }, { source: 'membership' }),
    );
    await publish(createEvent(memberRemovedV1, { id: members[3]!, branchId: b3.id, version: 2 }, { source: 'membership' }));
    const t = {
      id: transferId,
      direction: 'out' as const,
      memberId: members[1]!,
      fromBranchId: b1.id,
      toOrgId: b3.id,
      targetBranchId: b3.id,
      reasonCode: 'study',
      status: 'pending' as const,
      version: 1,
    };
    await publish(createEvent(transferRequestedV1, t, { source: 'transfer' }));
    await publish(createEvent(transferCompletedV1, { ...t, status: 'completed', version: 3 }, { source: 'transfer' }));
    await eventually(async () => (await figures(county.id)).transfers.status.completed === 1, 'the transfer counted');
    await eventually(async () => (await figures(other.id)).members === 1, 'the move and the removal counted');

    const c = await figures(county.id);
    expect(c).toMatchObject({
      members: 2,
      politicalStatus: { 共青团员: 1, 中共预备党员: 1, 中共党员: 0 },
      branches: { total: 2, withoutMembers: 1, withoutCadres: 1 },
      transfers: { status: { completed: 1 } },
    });
    expect(c.transfers.status.pending).toBeUndefined();
    await publish(
      createEvent(
        orgDissolvedV1,
        {
          id: b2.id,
          name: b2.name,
          type: 'branch',
          parentId: county.id,
          ancestors: b2.ancestors,
          depth: 2,
          status: 'dissolved',
          version: 2,
        },
        { source: 'organization' },
      ),
    );
    await eventually(async () => (await figures(county.id)).branches.total === 1, 'the dissolution counted');
    expect((await figures(county.id)).branches).toEqual({ total: 1, withoutMembers: 0, withoutCadres: 0 });
  });

  it('counts an event delivered twice once', async () => {
    const before = await h.deps.figures.all();
    await h.deps.writer.apply(published.slice(-6));
    await h.deps.writer.apply(published);
    // A real-name check's update counts nothing, even of a member not counted here.
    const checked = { ...placement(newId(), b1, 2), name: '统计团员', changedFields: ['identityCheck'] };
    await h.deps.writer.apply([createEvent(memberUpdatedV1, checked, { source: 'membership' })]);
    expect(withoutTimes(await h.deps.figures.all())).toEqual(withoutTimes(before));
  });

  it('answers the children for the drill-down, and the table as a workbook', async () => {
    const res = await h.call(city.id, `/orgs/${city.id}/statistics/children?limit=1`);
    const first = pageOf(orgStatisticsView).parse(await jsonBody(res));
    expect(first.items).toHaveLength(1);
    const rest = pageOf(orgStatisticsView).parse(
      await jsonBody(
        await h.call(city.id, `/orgs/${city.id}/statistics/children?cursor=${encodeURIComponent(first.nextCursor!)}`),
      ),
    );
    expect([...first.items, ...rest.items].map((s) => s.name).sort()).toEqual(['统计县团委', '邻县团委'].sort());

    const xlsx = await h.call(city.id, `/orgs/${city.id}/statistics.xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('组织名称');
    expect(sheet.getRow(2).getCell(1).value).toBe('统计市团委（合计）');
    expect(sheet.getRow(2).getCell(3).value).toBe((await figures(city.id)).members);
    expect(sheet.rowCount).toBe(4);
  });

  it('shows figures only to those who may view the org', async () => {
    expect((await h.call(county.id, `/orgs/${county.id}/statistics`)).status).toBe(200);
    const sideways = await h.call(other.id, `/orgs/${county.id}/statistics`);
    expect(sideways.status).toBe(403);
    expect((await jsonBody(sideways)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await jsonBody(await h.call(city.id, `/orgs/${newId()}/statistics`))).code).toBe('ORG_NOT_FOUND');
    expect((await h.call(city.id, `/orgs/${city.id}/statistics/children?limit=0`)).status).toBe(400);
    expect((await h.call(city.id, `/orgs/${city.id}/statistics/children?extra=1`)).status).toBe(400);
  });

  it('gives exactly the same figures when the streams are replayed into an empty database', async () => {
    const rebuilt = await startStatistics(infra, { database: 'statistics_rebuild' });
    try {
      const expected = withoutTimes(await h.deps.figures.all());
      await eventually(
        async () => JSON.stringify(withoutTimes(await rebuilt.deps.figures.all())) === JSON.stringify(expected),
        'the rebuild caught up',
        20_000,
      );
    } finally {
      await rebuilt.stop({ keepNamespace: true });
    }
  });
});

/**
 * The figures as numbers, whatever order they were counted in: without times, keys sorted, and
 * counters at zero left out (a counter that went up and down again is the same as one never moved).
 */
function withoutTimes(docs: readonly object[]) {
  const normal = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => key !== 'updatedAt' && key !== 'createdAt' && v !== 0)
      .map(([key, v]) => [key, normal(v)] as const)
      .filter(([, v]) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries);
  };
  return docs.map(normal);
}

describe('a commit interrupted', () => {
  it('is finished by the next run, which counts each member once', async () => {
    const crashed = await startStatistics(infra, { database: 'statistics_crash', consume: false });
    try {
      const branch: TestOrg = { id: newId(), name: '中断支部', type: 'branch', ancestors: [city.id] };
      await crashed.deps.writer.apply([orgCreatedEvent(city), orgCreatedEvent(branch)]);
      const batch = [1, 2, 3].map((n) => created(newId(), branch, 950 + n));
      // The store fails the figures' update, after the member facts and band days were inserted.
      const figures = statisticsModels(crashed.mongo).figures.collection;
      const bulkWrite = figures.bulkWrite.bind(figures);
      figures.bulkWrite = (() => Promise.reject(new Error('connection lost'))) as never;
      await expect(crashed.deps.writer.apply(batch)).rejects.toThrow('connection lost');
      figures.bulkWrite = bulkWrite;
      const models = statisticsModels(crashed.mongo);
      expect(await models.journal.countDocuments()).toBe(1);
      expect(await models.members.countDocuments()).toBe(3);

      // Redelivered: the journal left behind is applied first, then the batch finds its members counted.
      await crashed.deps.writer.apply(batch);
      expect(await models.journal.countDocuments()).toBe(0);
      const doc = (await crashed.deps.figures.all()).find((d) => d._id === branch.id)!;
      expect(doc.counts).toMatchObject({ members: 3, ownMembers: 3 });
      expect(await models.bandDays.countDocuments()).toBe(3);
    } finally {
      await crashed.stop({ keepNamespace: true });
    }
  });
});

describe('the journals a figures document remembers', () => {
  it('stay the last 32, however many runs counted there', async () => {
    const busy = await startStatistics(infra, { database: 'statistics_journals', consume: false });
    try {
      const branch: TestOrg = { id: newId(), name: '忙碌支部', type: 'branch', ancestors: [city.id] };
      await busy.deps.writer.apply([orgCreatedEvent(city), orgCreatedEvent(branch)]);
      for (let n = 0; n < 40; n += 1) await busy.deps.writer.apply([created(newId(), branch, 700 + n)]);
      const root = await statisticsModels(busy.mongo).figures.collection.findOne({ _id: city.id as never });
      expect(root?.journals).toHaveLength(32);
      expect((await busy.deps.figures.all()).find((d) => d._id === city.id)?.counts).toMatchObject({ members: 40 });
    } finally {
      await busy.stop({ keepNamespace: true });
    }
  });
});

describe('age bands over time', () => {
  it('move a member on their birthday by the sweep, reading only the days that change a band', async () => {
    let now = new Date('2026-06-30T12:00:00+08:00');
    const aged = await startStatistics(infra, { database: 'statistics_age', consume: false, now: () => now });
    try {
      const branch: TestOrg = { id: newId(), name: '年龄支部', type: 'branch', ancestors: [city.id] };
      await aged.deps.writer.apply([orgCreatedEvent(city), orgCreatedEvent(branch)]);
      const turning18 = created(newId(), branch, 901, { birthDate: '2008-07-01' });
      const staying = created(newId(), branch, 902, { birthDate: '2008-09-01' });
      await aged.deps.writer.apply([turning18, staying]);
      const bands = async () => {
        const doc = (await aged.deps.figures.all()).find((d) => d._id === city.id)!;
        return doc.counts.age as Record<string, number>;
      };
      expect(await bands()).toMatchObject({ '14to18': 2 });
      expect(await aged.deps.writer.sweepAgeBands()).toBe(0);
      // The birthday, and a sweep that was missed for a few days after it: caught up at once.
      now = new Date('2026-07-03T00:30:00+08:00');
      expect(await aged.deps.writer.sweepAgeBands()).toBe(1);
      expect(await bands()).toMatchObject({ '14to18': 1, '18to22': 1 });
      expect(await aged.deps.writer.sweepAgeBands()).toBe(0);
    } finally {
      await aged.stop({ keepNamespace: true });
    }
  });
});
