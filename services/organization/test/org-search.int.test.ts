import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, orgSearchView } from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import { backfillNameGrams, countNameGrams } from '../src/store/backfill-name-grams.js';
import { nameGramCounts } from '../src/store/name-gram-count.model.js';
import { insertOrgs, startOrganization, type OrganizationHarness } from './harness.js';

let h: OrganizationHarness;
const [root, city, school, class1, class2, other] = [newId(), newId(), newId(), newId(), newId(), newId()];

beforeAll(async () => {
  h = await startOrganization();
  await insertOrgs(h.stored, [
    { id: root, name: '示例省团委', type: 'committee', ancestors: [] },
    { id: city, name: '某市团委', type: 'committee', ancestors: [root] },
    { id: school, name: '某市第一中学团委', type: 'committee', ancestors: [root, city] },
    { id: class1, name: '高一（1）班团支部', type: 'branch', ancestors: [root, city, school] },
    { id: class2, name: '高一（2）班团支部', type: 'branch', ancestors: [root, city, school] },
    { id: other, name: '第一中学团委', type: 'committee', ancestors: [root] },
  ]);
});
afterAll(() => h.stop());

const search = async (query: string) => {
  const res = await h.call(null, 'GET', `/org-search?${query}`);
  return { status: res.status, body: await jsonBody(res) };
};

describe('the org search', () => {
  it('finds active orgs by any part of the name, without a login, with the names above each', async () => {
    const { status, body } = await search(`q=${encodeURIComponent('第一中学')}`);
    expect(status).toBe(200);
    const { items, nextCursor } = orgSearchView.parse(body);
    expect(items).toEqual([
      { id: school, name: '某市第一中学团委', type: 'committee', path: ['示例省团委', '某市团委'] },
      { id: other, name: '第一中学团委', type: 'committee', path: ['示例省团委'] },
    ]);
    expect(nextCursor).toBeNull();
    // Names and types only: nothing of a secretary, a phone or the tree's ids.
    expect(JSON.stringify(body)).not.toMatch(/secretary|contactPhone|ancestors/);
  });

  it('matches full-width and half-width forms alike, and filters by type', async () => {
    const branches = orgSearchView.parse((await search(`q=${encodeURIComponent('(1)班')}&types=branch`)).body);
    expect(branches.items.map((o) => o.id)).toEqual([class1]);
    const none = orgSearchView.parse((await search(`q=${encodeURIComponent('团支部')}&types=committee,working_committee`)).body);
    expect(none.items).toEqual([]);
  });

  it('searches below one org when asked', async () => {
    const below = orgSearchView.parse((await search(`q=${encodeURIComponent('第一中学')}&within=${city}`)).body);
    expect(below.items.map((o) => o.id)).toEqual([school]);
    expect((await search(`q=${encodeURIComponent('第一中学')}&within=nope`)).status).toBe(400);
  });

  it('leaves out dissolved orgs', async () => {
    await h.stored.orgs.updateOne({ _id: class2 }, { $set: { status: 'dissolved' } });
    const { items } = orgSearchView.parse((await search(`q=${encodeURIComponent('高一')}`)).body);
    expect(items.map((o) => o.id)).toEqual([class1]);
  });

  it('finds an org by its new name after a rename, not by the old one', async () => {
    const renamed = await h.call(city, 'PATCH', `/orgs/${school}`, { version: 1, name: '某市实验中学团委' });
    expect(renamed.status).toBe(200);
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('实验中学')}`)).body).items.map((o) => o.id)).toEqual([
      school,
    ]);
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('某市第一')}`)).body).items).toEqual([]);
  });

  it('pages by cursor: every match once, in id order', async () => {
    const parent = newId();
    const many = Array.from({ length: 7 }, () => newId()).sort();
    await insertOrgs(h.stored, [
      { id: parent, name: '分页测试团委', type: 'committee', ancestors: [root] },
      ...many.map((id, i) => ({ id, name: `分页测试${i}号团支部`, type: 'branch' as const, ancestors: [root, parent] })),
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = orgSearchView.parse(
        (await search(`q=${encodeURIComponent('分页测试')}&types=branch&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(many);
  });

  it('refuses a query too short or too long, an unknown type, operator injection and invisible characters, naming the field', async () => {
    for (const [query, field] of [
      ['q=a', 'q'],
      [`q=${'团'.repeat(31)}`, 'q'],
      ['', 'q'],
      ['q=%E7%AC%AC%E4%B8%80&types=school', 'types'],
      ['q[$regex]=.*', 'q'],
      ['q=%E7%AC%AC%00%E4%B8%80', 'q'],
      ['q=%E7%AC%AC%E2%80%8B%E4%B8%80', 'q'],
      ['q=%E7%AC%AC%E4%B8%80&cursor=forged', 'cursor'],
    ]) {
      const { status, body } = await search(query!);
      expect(status, query).toBe(400);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(
        body.errors.map((e: { path: string }) => e.path.split('.')[0]),
        query,
      ).toContain(field);
    }
  });

  it('reads each batch from an index, cut by the store (FerretDB: filter, sort and limit pushed down)', async () => {
    const plan = await h.mongo.db!.command({
      explain: {
        find: 'orgs',
        filter: { nameGrams: '第一', status: 'active', type: { $in: ['branch', 'committee'] }, _id: { $gt: root } },
        sort: { _id: 1 },
        limit: 200,
      },
    });
    if ('filterPushdown' in plan) expect(plan).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });
    else expect(JSON.stringify(plan.queryPlanner.winningPlan)).toContain('IXSCAN');
  });

  it('treats the query as text, not a pattern', async () => {
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('.*')}`)).body).items).toEqual([]);
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('团委|')}`)).body).items).toEqual([]);
  });
});

describe('the counts of each pair of characters', () => {
  it('follow creates and renames', async () => {
    const made = await h.call(root, 'POST', '/orgs', { parentId: root, name: '鹭岛团委', type: 'committee' });
    expect(made.status).toBe(201);
    const { id, version } = await jsonBody(made);
    expect((await nameGramCounts(h.mongo, ['鹭岛', '岛团'])).get('鹭岛')).toBe(1);
    expect((await h.call(root, 'PATCH', `/orgs/${id}`, { version, name: '鹭江团委' })).status).toBe(200);
    const after = await nameGramCounts(h.mongo, ['鹭岛', '鹭江']);
    expect([after.get('鹭岛'), after.get('鹭江')]).toEqual([0, 1]);
  });

  it('are computed once over every org', async () => {
    await h.mongo.db!.collection('org_name_gram_counts').deleteMany({});
    await h.mongo.db!.collection('migrations').deleteOne({ _id: 'org-name-gram-counts-1' as never });
    expect(await countNameGrams(h.mongo, h.stored.orgs)).toBeGreaterThan(10);
    // 高一（1）班 and 高一（2）班 (dissolved: still counted, the search leaves it out).
    expect((await nameGramCounts(h.mongo, ['高一'])).get('高一')).toBe(2);
    expect(await countNameGrams(h.mongo, h.stored.orgs)).toBe(0);
  });
});

describe('orgs stored before the search existed', () => {
  it('get their names’ pairs once, at the next start', async () => {
    const old = newId();
    await h.stored.orgs.collection.insertOne({
      _id: old as never,
      name: '旧数据团支部',
      type: 'branch',
      parentId: root,
      ancestors: [root],
      depth: 1,
      status: 'active',
      version: 1,
      outbox: [],
    });
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('旧数据')}`)).body).items).toEqual([]);
    await h.mongo.db!.collection('migrations').deleteMany({});
    expect(await backfillNameGrams(h.mongo, h.stored.orgs)).toBe(1);
    expect(orgSearchView.parse((await search(`q=${encodeURIComponent('旧数据')}`)).body).items.map((o) => o.id)).toEqual([old]);
    // Done once: the next start reads the marker and writes nothing.
    expect(await backfillNameGrams(h.mongo, h.stored.orgs)).toBe(0);
  });
});
