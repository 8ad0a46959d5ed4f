import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newId,
  orgChangeAcceptedView,
  orgChangeDecisionView,
  orgChangeRequestView,
  orgPathView,
  orgView,
  pageOf,
  secretaryHistoryView,
  superiorScope,
  approvalBy,
} from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import type { OrgDocument } from '../src/store/org.model.js';
import { placeOf } from '../src/store/org.repository.js';
import { applyDiff } from '../src/usecases/change-org-info.js';
import { insertOrgs, startOrganization, type OrganizationHarness } from './harness.js';

let h: OrganizationHarness;
const [root, county] = [newId(), newId()];

beforeAll(async () => {
  h = await startOrganization();
  await insertOrgs(h.stored, [
    { id: root, name: '某市团委', type: 'committee', ancestors: [] },
    { id: county, name: '某县团委', type: 'committee', ancestors: [root] },
  ]);
});
afterAll(() => h.stop());

const create = async (admin: string, body: Record<string, unknown>) => h.call(admin, 'POST', '/orgs', body);
async function createdId(admin: string, parentId: string, name: string, type: string): Promise<string> {
  const res = await create(admin, { parentId, name, type });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await jsonBody(res)).id as string;
}
const stored = (id: string) => h.stored.orgs.findById(id).lean<OrgDocument>();
const outboxTypes = async (id: string) => (await stored(id))!.outbox.map((e) => e.type);

describe('creating orgs', () => {
  it('puts a child under its parent, by the parent’s admin, with org.created in the same write', async () => {
    const res = await create(county, {
      parentId: county,
      name: '第一中学团委',
      type: 'committee',
      contactPhone: '0571-87654321',
    });
    expect(res.status).toBe(201);
    const org = await jsonBody(res);
    expect(org).toMatchObject({ parentId: county, ancestors: [root, county], depth: 2, status: 'active', version: 1 });
    expect(res.headers.get('location')).toBe(`/orgs/${org.id}`);
    const doc = await stored(org.id);
    expect(doc!.outbox).toHaveLength(1);
    expect(doc!.outbox[0]).toMatchObject({ type: 'org.created', data: { id: org.id, ancestors: [root, county], version: 1 } });
  });

  it('is refused to anyone but the parent’s own admin', async () => {
    const byGrandparent = await create(root, { parentId: county, name: '越级创建团委', type: 'committee' });
    expect(byGrandparent.status).toBe(403);
    expect((await jsonBody(byGrandparent)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await create(county, { parentId: newId(), name: '不存在的上级', type: 'branch' })).status).toBe(404);
    expect((await h.call(null, 'POST', '/orgs', { parentId: county, name: '匿名', type: 'branch' })).status).toBe(401);
  });

  it('keeps the tree’s rules: branches are leaves, general branches hold branches, names are unique among siblings', async () => {
    const general = await createdId(county, county, '第二中学团总支', 'general_branch');
    const notABranch = await create(general, { parentId: general, name: '初一年级团总支', type: 'general_branch' });
    expect((await jsonBody(notABranch)).code).toBe('ORG_CHILD_TYPE_NOT_ALLOWED');
    const branch = await createdId(general, general, '初一(1)班团支部', 'branch');
    expect((await jsonBody(await create(branch, { parentId: branch, name: '小组', type: 'branch' }))).code).toBe(
      'ORG_BRANCH_IS_LEAF',
    );
    const twin = await create(general, { parentId: general, name: '初一(1)班团支部', type: 'branch' });
    expect(twin.status).toBe(409);
    expect(await jsonBody(twin)).toMatchObject({
      code: 'ORG_NAME_TAKEN',
      detail: '同一上级组织下已有名为“初一(1)班团支部”的团组织',
    });
    // The same name under another parent is fine.
    await createdId(county, county, '初一(1)班团支部', 'branch');
  });

  it('stops at the maximum depth', async () => {
    let parent = county;
    for (let depth = 2; depth <= 8; depth += 1) parent = await createdId(parent, parent, `第${depth}层团委`, 'committee');
    const tooDeep = await create(parent, { parentId: parent, name: '第9层团支部', type: 'branch' });
    expect(await jsonBody(tooDeep)).toMatchObject({ code: 'ORG_DEPTH_EXCEEDED' });
  });

  it('refuses operator injection, unknown fields and bad values before touching the store', async () => {
    const before = await h.stored.orgs.countDocuments();
    for (const body of [
      { parentId: { $gt: '' }, name: '注入', type: 'branch' },
      { parentId: county, name: { $ne: null }, type: 'branch' },
      { parentId: county, name: '多余字段', type: 'branch', status: 'dissolved' },
      { parentId: county, name: '类型错误', type: 'league' },
      { parentId: county, name: '电话错误', type: 'branch', contactPhone: '12345' },
    ]) {
      const res = await create(county, body);
      expect(res.status).toBe(400);
      expect((await jsonBody(res)).code).toBe('VALIDATION_FAILED');
    }
    expect(await h.stored.orgs.countDocuments()).toBe(before);
  });
});

describe('reading the tree', () => {
  let school: string;
  const classes: string[] = [];
  beforeAll(async () => {
    school = await createdId(county, county, '第三中学团总支', 'general_branch');
    for (let i = 1; i <= 7; i += 1) classes.push(await createdId(school, school, `高一(${i})班团支部`, 'branch'));
  });

  it('pages through children and the subtree by cursor, each org once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.call(county, 'GET', `/orgs/${school}/children?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await jsonBody(res);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(classes);

    const subtree: string[] = [];
    cursor = null;
    do {
      const res = await h.call(root, 'GET', `/orgs/${county}/subtree?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      const page = await jsonBody(res);
      subtree.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = await h.stored.orgs.find({ ancestors: county }).sort({ _id: 1 }).select('_id').lean();
    expect(subtree).toEqual(expected.map((o) => o._id));
    expect(subtree).toEqual(expect.arrayContaining([school, ...classes]));
  });

  it('refuses a forged cursor', async () => {
    const res = await h.call(county, 'GET', `/orgs/${school}/children?cursor=${encodeURIComponent('{"$gt":""}')}`);
    expect(res.status).toBe(400);
  });

  it('gives the path of names from the root', async () => {
    const { items } = orgPathView.parse(await jsonBody(await h.call(school, 'GET', `/orgs/${classes[0]}/path`)));
    expect(items.map((o: { name: string }) => o.name)).toEqual(['某市团委', '某县团委', '第三中学团总支', '高一(1)班团支部']);
  });

  it('lets admins read their subtree and members their own branch, and nobody else', async () => {
    expect((await h.call(root, 'GET', `/orgs/${classes[1]}`)).status).toBe(200);
    expect((await h.call([{ role: 'member', orgId: classes[1]! }], 'GET', `/orgs/${classes[1]}`)).status).toBe(200);
    expect((await h.call([{ role: 'member', orgId: classes[1]! }], 'GET', `/orgs/${school}`)).status).toBe(403);
    expect((await h.call(classes[0]!, 'GET', `/orgs/${classes[1]}`)).status).toBe(403);
    expect((await h.call(classes[0]!, 'GET', `/orgs/${county}/subtree`)).status).toBe(403);
    expect((await h.call(root, 'GET', '/orgs/not-a-uuid')).status).toBe(404);
  });
});

describe('changing an org’s info', () => {
  let school: string;
  beforeAll(async () => {
    school = await createdId(county, county, '第四中学团委', 'committee');
  });
  const patch = (as: string, body: Record<string, unknown>) => h.call(as, 'PATCH', `/orgs/${school}`, body);
  const current = async () => (await stored(school))!;

  it('by the direct superior’s admin applies at once, with org.updated', async () => {
    const { version } = await current();
    const res = await patch(county, { version, industry: '教育', contactPhone: '13800001111' });
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toMatchObject({ industry: '教育', contactPhone: '13800001111', version: version + 1 });
    expect((await current()).outbox.at(-1)).toMatchObject({
      type: 'org.updated',
      data: { changedFields: ['contactPhone', 'industry'] },
    });
  });

  it('by anyone else is outside their scope', async () => {
    const { version } = await current();
    for (const outsider of [root, newId()]) {
      const res = await patch(outsider, { version, industry: '制造业' });
      expect(res.status).toBe(403);
      expect((await jsonBody(res)).code).toBe('FORBIDDEN_ORG_SCOPE');
    }
    expect((await current()).industry).toBe('教育');
  });

  it('by the org’s own admin becomes a request the superior approves', async () => {
    const { version } = await current();
    const res = await patch(school, { version, name: '第四中学团委（高中部）' });
    expect(res.status).toBe(202);
    // The answers in the shapes the OpenAPI document gives them (the portal is generated from it).
    const { changeRequestId, changeRequest } = orgChangeAcceptedView.parse(await jsonBody(res));
    expect(changeRequest).toMatchObject({
      status: 'pending',
      changes: { name: { from: '第四中学团委', to: '第四中学团委（高中部）' } },
    });
    expect((await current()).name).toBe('第四中学团委');

    const todo = pageOf(orgChangeRequestView).parse(
      await jsonBody(await h.call(county, 'GET', `/orgs/${county}/change-requests`)),
    );
    expect(todo.items.map((r: { id: string }) => r.id)).toContain(changeRequestId);
    const own = await jsonBody(await h.call(school, 'GET', `/orgs/${school}/change-requests?about=self`));
    expect(own.items.map((r: { id: string }) => r.id)).toEqual([changeRequestId]);
    expect((await h.call(school, 'GET', `/orgs/${county}/change-requests`)).status).toBe(403);

    expect((await h.call(school, 'POST', `/org-change-requests/${changeRequestId}/approve`)).status).toBe(403);
    const approved = await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/approve`, { comment: '同意' });
    expect(approved.status).toBe(200);
    expect(orgChangeDecisionView.parse(await jsonBody(approved))).toMatchObject({
      changeRequest: { status: 'approved', comment: '同意' },
      org: { name: '第四中学团委（高中部）', version: version + 1 },
    });
    const again = await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/approve`);
    expect(await jsonBody(again)).toMatchObject({ code: 'CHANGE_REQUEST_DECIDED' });
  });

  it('can be rejected, changing nothing', async () => {
    const before = await current();
    const { changeRequestId } = await jsonBody(await patch(school, { version: before.version, industry: '金融' }));
    const res = await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/reject`, { comment: '行业有误' });
    expect(orgChangeDecisionView.parse(await jsonBody(res))).toMatchObject({
      changeRequest: { status: 'rejected', comment: '行业有误' },
    });
    expect((await current()).version).toBe(before.version);
  });

  it('refuses a NUL or a control character in any text, naming the field and changing nothing — a decision included', async () => {
    const before = await current();
    const bad = await patch(county, { version: before.version, industry: '教育\u0000' });
    expect(bad.status).toBe(400);
    expect((await jsonBody(bad)).errors).toEqual([
      { path: 'industry', code: 'TEXT_CONTROL_CHARACTER', message: expect.any(String) },
    ]);
    const created = await create(county, { parentId: county, name: '第\u0000五中学团委', type: 'committee' });
    expect((await jsonBody(created)).errors[0]).toMatchObject({ path: 'name', code: 'TEXT_CONTROL_CHARACTER' });
    // A name with an invisible character cannot pass for its sibling's.
    const twin = await create(county, { parentId: county, name: '第四中学\u200b团委', type: 'committee' });
    expect((await jsonBody(twin)).errors[0]).toMatchObject({ path: 'name', code: 'TEXT_INVISIBLE_CHARACTER' });

    const { changeRequestId } = await jsonBody(await patch(school, { version: before.version, industry: '文化' }));
    for (const action of ['approve', 'reject']) {
      const res = await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/${action}`, { comment: '同意\u0000' });
      expect(res.status).toBe(400);
      expect((await jsonBody(res)).errors[0]).toMatchObject({ path: 'comment', code: 'TEXT_CONTROL_CHARACTER' });
    }
    expect(await current()).toMatchObject({ industry: before.industry, version: before.version });
    expect((await h.stored.changeRequests.findById(changeRequestId).lean())!.status).toBe('pending');
    await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/reject`, {});
  });

  it('never leaves a change applied under a pending request: an approval stopped after its write is settled as approved', async () => {
    const before = await current();
    const { changeRequestId } = await jsonBody(await patch(school, { version: before.version, shortName: '四中团委' }));
    // The approval's first write happens, then it stops (as if the process died before marking the request).
    const request = (await h.stored.changeRequests.findById(changeRequestId).lean())!;
    const approver = { accountId: newId(), name: '县团委管理员', roles: [{ role: 'org_admin' as const, orgId: county }] };
    const approving = await h.deps.orgs.get(school, (org) => superiorScope(approver.roles, placeOf(org))!);
    await applyDiff(h.deps, approver, approving, request.changes, approvalBy(approver, changeRequestId, '同意'));
    expect((await h.stored.changeRequests.findById(changeRequestId).lean())!.status).toBe('pending');

    // A later rejection finds the change on record: the request was approved, and says so.
    const reject = await h.call(county, 'POST', `/org-change-requests/${changeRequestId}/reject`, { comment: '不同意' });
    expect(await jsonBody(reject)).toMatchObject({ code: 'CHANGE_REQUEST_DECIDED', detail: expect.stringContaining('已通过') });
    expect(await h.stored.changeRequests.findById(changeRequestId).lean()).toMatchObject({
      status: 'approved',
      decidedBy: { name: '县团委管理员' },
      comment: '同意',
    });
    expect((await current()).shortName).toBe('四中团委');
  });

  it('refuses a stale approval whose fields changed meanwhile, naming them; other fields do not matter', async () => {
    const v = (await current()).version;
    const stale = (await jsonBody(await patch(school, { version: v, contactPhone: '13900002222' }))).changeRequestId;
    const fine = (await jsonBody(await patch(school, { version: v, shortName: '四中' }))).changeRequestId;
    await patch(county, { version: v, contactPhone: '13700003333' });

    const refused = await h.call(county, 'POST', `/org-change-requests/${stale}/approve`);
    expect(refused.status).toBe(409);
    const problem = await jsonBody(refused);
    expect(problem).toMatchObject({ code: 'CHANGE_REQUEST_STALE', staleFields: ['contactPhone'] });
    expect(problem.detail).toContain('联系电话');
    expect((await current()).contactPhone).toBe('13700003333');

    expect((await h.call(county, 'POST', `/org-change-requests/${fine}/approve`)).status).toBe(200);
    expect(await current()).toMatchObject({ shortName: '四中', contactPhone: '13700003333' });
  });

  it('with a stale version is a CONFLICT carrying the current state; of two concurrent edits one wins', async () => {
    const { version } = await current();
    const results = await Promise.all([
      patch(county, { version, industry: '教育（公办）' }),
      patch(county, { version, industry: '教育（民办）' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const conflict = await jsonBody(results.find((r) => r.status === 409)!);
    const now = await current();
    expect(conflict).toMatchObject({ code: 'CONFLICT', current: { version: now.version, industry: now.industry } });
    expect(now.version).toBe(version + 1);
  });

  it('refuses a type change that would orphan members, and one that breaks the tree', async () => {
    const branch = await createdId(school, school, '高二(1)班团支部', 'branch');
    await h.deps.branchMembers.recordPlacement(newId(), branch, 1);
    const toGeneral = await h.call(school, 'PATCH', `/orgs/${branch}`, { version: 1, type: 'general_branch' });
    expect(await jsonBody(toGeneral)).toMatchObject({ code: 'ORG_HAS_MEMBERS' });

    const { version } = await current();
    const toBranch = await patch(county, { version, type: 'branch' });
    expect(await jsonBody(toBranch)).toMatchObject({ code: 'ORG_HAS_CHILDREN' });
  });

  it('renaming onto a sibling’s name is refused', async () => {
    const { version } = await current();
    const res = await patch(county, { version, name: '第一中学团委' });
    expect(res.status).toBe(409);
    expect((await jsonBody(res)).code).toBe('ORG_NAME_TAKEN');
  });
});

describe('the secretary', () => {
  let branch: string;
  beforeAll(async () => {
    branch = await createdId(county, county, '县机关团支部', 'branch');
  });
  const put = (as: string, body: Record<string, unknown>) => h.call(as, 'PUT', `/orgs/${branch}/secretary`, body);

  it('is recorded once verified, the ID number shown in full only to managers', async () => {
    const res = await put(branch, { name: '王芳', idNumber: '11010519491231002x' });
    expect(res.status).toBe(200);
    expect(orgView.parse(await jsonBody(res)).secretary).toEqual({
      name: '王芳',
      idNumber: '11010519491231002X',
      verified: true,
    });
    expect((await jsonBody(await h.call(root, 'GET', `/orgs/${branch}`))).secretary.idNumber).toBe('110105********002X');
    expect((await stored(branch))!.outbox.at(-1)).toMatchObject({
      type: 'org.secretary_changed',
      data: { id: branch, secretaryName: '王芳', verified: true },
    });
    expect(JSON.stringify((await stored(branch))!.outbox.at(-1))).not.toContain('11010519491231002');
  });

  it('fails verification with the FAQ’s advice and the failing fields, changing nothing', async () => {
    const before = await stored(branch);
    const res = await put(branch, { name: 'Wang Fang', idNumber: '110105194912310021' });
    expect(res.status).toBe(422);
    const problem = await jsonBody(res);
    expect(problem.code).toBe('SECRETARY_VERIFICATION_FAILED');
    expect(problem.detail).toContain('可先录入副书记信息');
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['name', 'idNumber']);
    expect((await stored(branch))!.version).toBe(before!.version);
  });

  it('keeps a history when replaced', async () => {
    expect((await put(county, { name: '阿卜杜拉·艾买提', idNumber: '650102199001011239' })).status).toBe(200);
    const { items } = secretaryHistoryView.parse(
      await jsonBody(await h.call(branch, 'GET', `/orgs/${branch}/secretary/history`)),
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: '王芳', idNumber: '110105********002X' });
    expect((await h.call(root, 'GET', `/orgs/${branch}/secretary/history`)).status).toBe(403);
  });
});

describe('dissolving', () => {
  it('is for the direct superior’s admin, once nothing is left under the org', async () => {
    const general = await createdId(county, county, '待撤销团总支', 'general_branch');
    const branch = await createdId(general, general, '待撤销团支部', 'branch');
    const refused = await h.call(county, 'POST', `/orgs/${general}/dissolve`, { version: 1 });
    expect(await jsonBody(refused)).toMatchObject({ code: 'ORG_HAS_CHILDREN' });
    expect((await h.call(branch, 'POST', `/orgs/${branch}/dissolve`, { version: 1 })).status).toBe(403);

    const done = await h.call(general, 'POST', `/orgs/${branch}/dissolve`, { version: 1 });
    expect(await jsonBody(done)).toMatchObject({ status: 'dissolved', version: 2 });
    expect(await outboxTypes(branch)).toEqual(['org.created', 'org.dissolved']);
    const children = await jsonBody(await h.call(county, 'GET', `/orgs/${general}/children`));
    expect(children.items).toEqual([]);
    expect((await h.call(county, 'POST', `/orgs/${general}/dissolve`, { version: 1 })).status).toBe(200);
    expect((await create(general, { parentId: general, name: '新团支部', type: 'branch' })).status).toBe(422);
  });
});
