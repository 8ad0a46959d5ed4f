import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cadreView,
  memberChangeAcceptedView,
  memberChangeDecisionView,
  memberChangeRequestView,
  newId,
  pageOf,
  approvalBy,
} from '@zhtj/contracts';
import { requireManage } from '@zhtj/service-kit';
import { jsonBody } from '@zhtj/testkit';
import type { MemberDocument } from '../src/store/member.model.js';
import { branchPlaceOf } from '../src/store/member.repository.js';
import { applyMemberDiff } from '../src/usecases/change-member-info.js';
import { checkIdentities, formIdentityVerifier, sweepIdentityCheckBatches } from '../src/usecases/identity-checks.js';
import { idNumberFor, startMembership, type MembershipHarness, type TestOrg } from './harness.js';

let h: MembershipHarness;
const county: TestOrg = { id: newId(), name: '某县团委', type: 'committee', ancestors: [] };
const school: TestOrg = { id: newId(), name: '一中团总支', type: 'general_branch', ancestors: [county.id] };
const classA: TestOrg = { id: newId(), name: '高三(1)班团支部', type: 'branch', ancestors: [county.id, school.id] };
const classB: TestOrg = { id: newId(), name: '高三(2)班团支部', type: 'branch', ancestors: [county.id, school.id] };
const closed: TestOrg = { id: newId(), name: '已撤销团支部', type: 'branch', ancestors: [county.id, school.id] };

beforeAll(async () => {
  h = await startMembership();
  await h.publishOrgs([county, school, classA, classB, closed]);
  await h.dissolveOrg(closed);
});
afterAll(() => h.stop());

let n = 0;
function person(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    name: '张三',
    idNumber: idNumberFor('20060115', n),
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2020-05',
    developmentNumber: `2020${String(11_000_000 + n)}`,
    phone: '13912345678',
    ...overrides,
  };
}
const add = (as: string, branch: TestOrg, body: Record<string, unknown>) =>
  h.call(as, 'POST', `/orgs/${branch.id}/members`, body);
const stored = (id: string) => h.models.members.findById(id).lean<MemberDocument>();

describe('adding a member', () => {
  it('by the branch admin or its direct superior’s admin, with member.created in the same write', async () => {
    const res = await add(classA.id, classA, person({ name: '李华' }));
    expect(res.status).toBe(201);
    const member = await jsonBody(res);
    expect(member).toMatchObject({
      name: '李华',
      branchId: classA.id,
      branchAncestors: [county.id, school.id],
      status: 'active',
    });
    expect(member.idNumber).toHaveLength(18);
    const doc = await stored(member.id);
    expect(doc!.outbox).toHaveLength(1);
    expect(doc!.outbox[0]).toMatchObject({
      type: 'member.created',
      data: { id: member.id, branchId: classA.id, kind: 'member' },
    });
    expect((await add(school.id, classA, person())).status).toBe(201);
  });

  it('is refused beyond the direct superior, outside branches and in dissolved branches', async () => {
    const byCounty = await add(county.id, classA, person());
    expect((await jsonBody(byCounty)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await jsonBody(await add(school.id, school, person()))).code).toBe('MEMBER_NOT_IN_BRANCH');
    expect((await jsonBody(await add(school.id, closed, person()))).code).toBe('ORG_NOT_ACTIVE');
    expect((await jsonBody(await add(county.id, { ...classA, id: newId() }, person()))).code).toBe('ORG_NOT_FOUND');
  });

  it('answers every bad field with a code, and writes nothing', async () => {
    const before = await h.models.members.countDocuments();
    const res = await add(classA.id, classA, person({ idNumber: '110105200601150019', joinedAt: '2030-01', ethnicity: '汉' }));
    expect(res.status).toBe(400);
    const problem = await jsonBody(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([
      'idNumber:ID_NUMBER_INVALID',
      'ethnicity:ETHNICITY_INVALID',
      'joinedAt:JOINED_AT_INVALID',
    ]);
    expect(problem.errors[0].message).toContain('身份证');
    expect((await add(classA.id, classA, { ...person(), name: { $gt: '' } })).status).toBe(400);
    expect(await h.models.members.countDocuments()).toBe(before);
  });

  it('keeps ID numbers unique across the system and development numbers unique too', async () => {
    const first = person();
    expect((await add(classA.id, classA, first)).status).toBe(201);
    const again = await add(classB.id, classB, { ...first, developmentNumber: `2020${String(12_000_000 + n)}` });
    expect(again.status).toBe(409);
    const problem = await jsonBody(again);
    expect(problem.code).toBe('MEMBER_ALREADY_EXISTS');
    expect(JSON.stringify(problem)).not.toContain(classA.name);
    const sameNumber = await add(classB.id, classB, person({ developmentNumber: first.developmentNumber }));
    expect((await jsonBody(sameNumber)).code).toBe('DEVELOPMENT_NUMBER_TAKEN');
    // The refused member's number was never held: the next person may use it.
    const freed = `2020${String(13_000_000 + n)}`;
    await add(classB.id, classB, { ...first, developmentNumber: freed });
    expect((await add(classB.id, classB, person({ developmentNumber: freed }))).status).toBe(201);
  });
});

describe('reading members', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [];
    for (const name of ['王一', '王二', '赵三']) ids.push((await jsonBody(await add(classB.id, classB, person({ name })))).id);
  });

  it('lists a branch or a subtree by cursor, searching names, with ID numbers and phones masked', async () => {
    const page = await jsonBody(
      await h.call(classB.id, 'GET', `/orgs/${classB.id}/members?q=${encodeURIComponent('王')}&limit=1`),
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0].idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(page.items[0].phone).toBe('139****5678');
    const next = await jsonBody(
      await h.call(classB.id, 'GET', `/orgs/${classB.id}/members?q=${encodeURIComponent('王')}&cursor=${page.nextCursor}`),
    );
    expect([...page.items, ...next.items].map((m: { name: string }) => m.name)).toEqual(['王一', '王二']);
    const subtree = await jsonBody(await h.call(county.id, 'GET', `/orgs/${county.id}/members?scope=subtree&limit=200`));
    expect(subtree.items.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(ids));
    expect(subtree.items.every((m: { branchId: string }) => [classA.id, classB.id].includes(m.branchId))).toBe(true);
  });

  it('only within the caller’s subtree', async () => {
    expect((await h.call(classA.id, 'GET', `/orgs/${classB.id}/members`)).status).toBe(403);
    expect((await h.call({ roles: [{ role: 'member', orgId: classB.id }] }, 'GET', `/orgs/${classB.id}/members`)).status).toBe(
      403,
    );
  });

  it('shows the full ID number to the branch’s managers and the member, masked to higher admins, nothing to others', async () => {
    const manager = await jsonBody(await h.call(classB.id, 'GET', `/members/${ids[0]}`));
    expect(manager.idNumber).not.toContain('*');
    const self = await jsonBody(
      await h.call({ roles: [{ role: 'member', orgId: classB.id }], memberId: ids[0]! }, 'GET', `/members/${ids[0]}`),
    );
    expect(self.idNumber).toBe(manager.idNumber);
    expect((await jsonBody(await h.call(county.id, 'GET', `/members/${ids[0]}`))).idNumber).toContain('*');
    expect((await jsonBody(await h.call(classA.id, 'GET', `/members/${ids[0]}`))).code).toBe('MEMBER_NOT_FOUND');
    expect(
      (
        await jsonBody(
          await h.call({ roles: [{ role: 'member', orgId: classB.id }], memberId: ids[1]! }, 'GET', `/members/${ids[0]}`),
        )
      ).code,
    ).toBe('MEMBER_NOT_FOUND');
  });
});

describe('changing a member’s info', () => {
  let id: string;
  const asMember = () => ({ roles: [{ role: 'member' as const, orgId: classA.id }], memberId: id });
  beforeAll(async () => {
    id = (await jsonBody(await add(classA.id, classA, person({ name: '孙悟空' })))).id;
  });
  const version = async () => (await stored(id))!.version;

  it('by an admin applies at once with member.updated; the ID number is never edited', async () => {
    const res = await h.call(school.id, 'PATCH', `/members/${id}`, {
      version: await version(),
      employer: '某科技公司',
      occupation: '非公有制企业职工',
    });
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toMatchObject({ employer: '某科技公司', occupation: '非公有制企业职工' });
    expect((await stored(id))!.outbox.at(-1)).toMatchObject({
      type: 'member.updated',
      data: { changedFields: ['occupation', 'employer'] },
    });
    const idChange = await h.call(school.id, 'PATCH', `/members/${id}`, {
      version: await version(),
      idNumber: idNumberFor('20060115', 999),
    });
    expect((await jsonBody(idChange)).code).toBe('ID_NUMBER_NOT_EDITABLE');
    expect(
      (await jsonBody(await h.call(county.id, 'PATCH', `/members/${id}`, { version: await version(), phone: '13700000000' })))
        .code,
    ).toBe('FORBIDDEN_ORG_SCOPE');
  });

  it('by the member becomes a request the branch admin approves; a stale one is refused', async () => {
    const v = await version();
    const asked = await h.call(asMember(), 'PATCH', `/members/${id}`, { version: v, phone: '13600001111' });
    expect(asked.status).toBe(202);
    // The answers in the shapes the OpenAPI document gives them (the portal is typed from it).
    const { changeRequestId } = memberChangeAcceptedView.parse(await jsonBody(asked));
    const stale = (await jsonBody(await h.call(asMember(), 'PATCH', `/members/${id}`, { version: v, employer: '另一家公司' })))
      .changeRequestId;
    const todo = pageOf(memberChangeRequestView).parse(
      await jsonBody(await h.call(classA.id, 'GET', `/orgs/${classA.id}/member-change-requests`)),
    );
    expect(todo.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([changeRequestId, stale]));
    expect((await h.call(asMember(), 'POST', `/member-change-requests/${changeRequestId}/approve`)).status).toBe(403);
    const approved = await h.call(classA.id, 'POST', `/member-change-requests/${changeRequestId}/approve`, { comment: '同意' });
    expect(memberChangeDecisionView.parse(await jsonBody(approved))).toMatchObject({
      changeRequest: { status: 'approved' },
      member: { phone: '13600001111' },
    });
    await h.call(classA.id, 'PATCH', `/members/${id}`, { version: await version(), employer: '第三家公司' });
    expect(await jsonBody(await h.call(classA.id, 'POST', `/member-change-requests/${stale}/approve`))).toMatchObject({
      code: 'CHANGE_REQUEST_STALE',
      staleFields: ['employer'],
    });

    // 我的: the member follows their own requests and what the branch said.
    const mine = pageOf(memberChangeRequestView).parse(
      await jsonBody(await h.call(asMember(), 'GET', `/members/${id}/change-requests?status=all`)),
    );
    expect(mine.items.map((r) => [r.id, r.status, r.memberId])).toEqual(
      expect.arrayContaining([
        [changeRequestId, 'approved', id],
        [stale, 'pending', id],
      ]),
    );
    const pendingOnly = pageOf(memberChangeRequestView).parse(
      await jsonBody(await h.call(classA.id, 'GET', `/members/${id}/change-requests`)),
    );
    expect(pendingOnly.items.map((r) => r.id)).toEqual([stale]);
    // Nobody else: another member, or the admin of another branch, is told there is no such member.
    const other = { roles: [{ role: 'member' as const, orgId: classA.id }], memberId: newId() };
    for (const caller of [other, classB.id]) {
      const refused = await h.call(caller, 'GET', `/members/${id}/change-requests?status=all`);
      expect(refused.status).toBe(404);
      expect((await jsonBody(refused)).code).toBe('MEMBER_NOT_FOUND');
    }
  });

  it('refuses a NUL in any text, naming the field; a decision with one changes nothing; an interrupted approval is settled', async () => {
    const v = await version();
    const bad = await h.call(classA.id, 'PATCH', `/members/${id}`, { version: v, employer: '某公司\u0000' });
    expect(bad.status).toBe(400);
    expect((await jsonBody(bad)).errors).toEqual([
      { path: 'employer', code: 'TEXT_CONTROL_CHARACTER', message: expect.any(String) },
    ]);
    const { changeRequestId } = await jsonBody(
      await h.call(asMember(), 'PATCH', `/members/${id}`, { version: v, phone: '13611112222' }),
    );
    const nul = await h.call(classA.id, 'POST', `/member-change-requests/${changeRequestId}/approve`, { comment: '同意\u0000' });
    expect(nul.status).toBe(400);
    expect(await stored(id)).toMatchObject({ version: v, phone: '13600001111' });
    expect((await h.models.changeRequests.findById(changeRequestId).lean())!.status).toBe('pending');

    // The approval's first write, then it stops: the change is on the member with the approval's record.
    const request = (await h.models.changeRequests.findById(changeRequestId).lean())!;
    const approver = { accountId: newId(), name: '支部书记', roles: [{ role: 'org_admin' as const, orgId: classA.id }] };
    await applyMemberDiff(
      h.deps,
      await h.deps.members.get(id, (m) => requireManage(approver.roles, branchPlaceOf(m))),
      request.changes,
      new Date(),
      approvalBy(approver, changeRequestId, '同意'),
    );
    const reject = await h.call(classA.id, 'POST', `/member-change-requests/${changeRequestId}/reject`, { comment: '不同意' });
    expect(await jsonBody(reject)).toMatchObject({ code: 'CHANGE_REQUEST_DECIDED', detail: expect.stringContaining('已通过') });
    expect(await h.models.changeRequests.findById(changeRequestId).lean()).toMatchObject({
      status: 'approved',
      decidedBy: { name: '支部书记' },
    });
    expect((await stored(id))!.phone).toBe('13611112222');
  });

  it('keeps the rules of the whole record, and the version', async () => {
    const v = await version();
    const early = await h.call(classA.id, 'PATCH', `/members/${id}`, { version: v, joinedAt: '2021-03' });
    expect((await jsonBody(early)).errors).toEqual([
      expect.objectContaining({ path: 'developmentNumber', code: 'DEVELOPMENT_NUMBER_INVALID' }),
    ]);
    const both = await Promise.all([
      h.call(classA.id, 'PATCH', `/members/${id}`, { version: v, employer: '甲' }),
      h.call(classA.id, 'PATCH', `/members/${id}`, { version: v, employer: '乙' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await jsonBody(both.find((r) => r.status === 409)!)).current.version).toBe(v + 1);
  });
});

describe('removing a member', () => {
  it('frees the ID number for the corrected record, with member.removed', async () => {
    const p = person();
    const { id } = await jsonBody(await add(classA.id, classA, p));
    expect((await h.call(classA.id, 'DELETE', `/members/${id}?version=1`)).status).toBe(204);
    expect((await stored(id))!.outbox.at(-1)).toMatchObject({ type: 'member.removed', data: { id, version: 2 } });
    expect((await h.call(classA.id, 'GET', `/members/${id}`)).status).toBe(404);
    expect((await add(classA.id, classA, p)).status).toBe(201);
  });
});

describe('cadres', () => {
  it('hold positions at any org, as members or as people given by name and ID number', async () => {
    const member = await jsonBody(await add(classA.id, classA, person({ name: '周书记' })));
    const asMember = await h.call(classA.id, 'POST', `/orgs/${classA.id}/cadres`, {
      memberId: member.id,
      position: '书记',
      since: '2024-09',
      nature: '兼职',
    });
    expect(asMember.status).toBe(201);
    cadreView.parse(await jsonBody(asMember));
    const outsider = await h.call(county.id, 'POST', `/orgs/${school.id}/cadres`, {
      name: '吴老师',
      idNumber: idNumberFor('19900101', 7),
      position: '书记',
      since: '2023-02',
      nature: '专职',
    });
    expect(outsider.status).toBe(201);
    const bad = await h.call(county.id, 'POST', `/orgs/${school.id}/cadres`, {
      name: '吴老师',
      idNumber: 'x',
      position: '校长',
      since: '2023',
      nature: '全职',
    });
    expect((await jsonBody(bad)).errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'idNumber',
      'nature',
      'position',
      'since',
    ]);
    const list = pageOf(cadreView).parse(await jsonBody(await h.call(county.id, 'GET', `/orgs/${school.id}/cadres`)));
    expect(list.items).toEqual([
      expect.objectContaining({ name: '吴老师', position: '书记', idNumber: expect.stringContaining('*') }),
    ]);
    expect(
      (
        await h.call(classB.id, 'POST', `/orgs/${classA.id}/cadres`, {
          memberId: member.id,
          position: '书记',
          since: '2024-09',
          nature: '兼职',
        })
      ).status,
    ).toBe(403);
  });
});

describe('the real-name check', () => {
  it('settles unverified members in the background, their events in one outbox per pass', async () => {
    const { id } = await jsonBody(await add(classA.id, classA, person()));
    expect((await stored(id))!.identityCheck).toBe('unverified');
    while ((await checkIdentities(h.deps, formIdentityVerifier)) > 0);
    const settled = (await stored(id))!;
    expect(settled.identityCheck).toBe('passed');
    // Nothing left in the member's own outbox for the relay: the pass holds the event.
    expect(
      settled.outbox.filter((e) => (e.data as { changedFields?: string[] }).changedFields?.includes('identityCheck')),
    ).toEqual([]);
    const pass = (await h.models.checkBatches.findById(settled.identityCheckBatchId).lean())!;
    expect(pass.status).toBe('done');
    expect(pass.outbox.map((e) => e.data)).toContainEqual(
      expect.objectContaining({ id, changedFields: ['identityCheck'], version: settled.version }),
    );
  });

  it('settles a pass in bulk, and leaves alone a member edited while it was being checked', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await jsonBody(await add(classA.id, classA, person()))).id as string);
    const edited = ids[2]!;
    // The edit lands between the pass's read and its write: the version guard drops that update.
    const editedIdNumber = (await stored(edited))!.idNumber;
    let edits = 0;
    const verifier = {
      async verify(member: { name: string; idNumber: string }) {
        if (member.idNumber === editedIdNumber && edits++ === 0)
          await h.models.members.updateOne({ _id: edited }, { $set: { phone: '13912345678' }, $inc: { version: 1 } });
        return 'passed' as const;
      },
    };
    while ((await checkIdentities(h.deps, verifier)) > 0);
    for (const id of ids.filter((id) => id !== edited)) expect((await stored(id))!.identityCheck).toBe('passed');
    // Not settled by the pass it was edited during; the next pass, which read it after the edit, settled it.
    expect(edits).toBe(2);
    const after = (await stored(edited))!;
    expect(after.identityCheck).toBe('passed');
    const passes = await h.models.checkBatches.find({ status: 'done' }).lean();
    const announced = passes.flatMap((p) => p.outbox.map((e) => e.data as { id: string; version: number }));
    // One event per member, each at the version its pass wrote: the edited member's at the version after the edit.
    for (const id of ids) expect(announced.filter((e) => e.id === id)).toHaveLength(1);
    expect(announced.find((e) => e.id === edited)!.version).toBe(after.version);
  });

  it('announces what a pass settled even when its process died half-way (the sweeper)', async () => {
    const { id } = await jsonBody(await add(classA.id, classA, person()));
    // A pass that wrote its member and died before finishing.
    const batchId = newId();
    await h.models.checkBatches.create({ _id: batchId, status: 'writing', createdAt: new Date(Date.now() - 3_600_000) });
    await h.models.members.updateOne(
      { _id: id },
      { $set: { identityCheck: 'passed', identityCheckBatchId: batchId }, $inc: { version: 1 } },
    );
    expect(await sweepIdentityCheckBatches(h.deps, 10 * 60_000)).toBe(1);
    const swept = (await h.models.checkBatches.findById(batchId).lean())!;
    expect(swept.status).toBe('swept');
    expect(swept.outbox.map((e) => e.data)).toEqual([expect.objectContaining({ id, changedFields: ['identityCheck'] })]);
    expect(await sweepIdentityCheckBatches(h.deps, 10 * 60_000)).toBe(0);
  });
});
