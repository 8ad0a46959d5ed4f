import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '@zhtj/bus';
import { generatedCodesView, newId, registrationCodeRedeemV1, registrationCodeStatesView } from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import { serveCommands } from '../src/events/commands.js';
import { generateRegistrationCodes } from '../src/usecases/generate-registration-codes.js';
import { insertOrgs, startOrganization, type OrganizationHarness } from './harness.js';

let h: OrganizationHarness;
const [root, schoolA, branchB, classG] = [newId(), newId(), newId(), newId()];

beforeAll(async () => {
  h = await startOrganization();
  await insertOrgs(h.stored, [
    { id: root, name: '示例团委', type: 'committee', ancestors: [] },
    { id: schoolA, name: '第一中学团总支', type: 'general_branch', ancestors: [root] },
    { id: branchB, name: '机关团支部', type: 'branch', ancestors: [root] },
    { id: classG, name: '高一(1)班团支部', type: 'branch', ancestors: [root, schoolA] },
  ]);
  serveCommands(h.bus, h.deps);
});
afterAll(() => h.stop());

const generate = (adminOrg: string, parent: string, childOrgIds?: string[]) =>
  h.call(adminOrg, 'POST', `/orgs/${parent}/registration-codes`, childOrgIds ? { childOrgIds } : undefined);
const redeem = (orgId: string, code: string) => request(h.bus, registrationCodeRedeemV1, { orgId, code, accountId: newId() });

describe('registration codes', () => {
  it('are made by an org’s admin for all its direct children, and stored only as a hash', async () => {
    const res = await generate(root, root);
    expect(res.status).toBe(201);
    const { items } = generatedCodesView.parse(await jsonBody(res));
    expect(items.map((i) => i.orgName).sort()).toEqual(['机关团支部', '第一中学团总支'].sort());
    for (const item of items) expect(item.code).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    const stored = await h.stored.codes.findById(schoolA).lean();
    const code = items.find((i) => i.orgId === schoolA)!.code;
    expect(stored!.last2).toBe(code.slice(-2));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('are refused outside the admin’s direct children, and without a token', async () => {
    expect((await generate(schoolA, root)).status).toBe(403);
    const grandchild = await generate(root, root, [classG]);
    expect(grandchild.status).toBe(403);
    expect((await jsonBody(grandchild)).code).toBe('FORBIDDEN_ORG_SCOPE');
    expect((await h.call(null, 'POST', `/orgs/${root}/registration-codes`)).status).toBe(401);
    expect((await generate(root, root, ['not-a-uuid'])).status).toBe(400);
  });

  it('redeem once for their own org; another org’s code, a changed case or a replaced code is "not this org’s code"', async () => {
    const { items } = await jsonBody(await generate(root, root));
    const codeA = items.find((i: { orgId: string }) => i.orgId === schoolA).code as string;
    const codeB = items.find((i: { orgId: string }) => i.orgId === branchB).code as string;
    expect(await redeem(branchB, codeA)).toEqual({ ok: false, code: 'REGISTRATION_CODE_MISMATCH', orgName: '机关团支部' });
    const flipped = [...codeA].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
    expect(flipped).not.toBe(codeA);
    expect((await redeem(schoolA, flipped)).ok).toBe(false);
    expect(await redeem(schoolA, codeA)).toEqual({ ok: true, orgId: schoolA, orgName: '第一中学团总支' });
    expect(await redeem(schoolA, codeA)).toEqual({ ok: false, code: 'REGISTRATION_CODE_USED', orgName: '第一中学团总支' });
    await generate(root, root, [branchB]);
    expect(await redeem(branchB, codeB)).toMatchObject({ ok: false, code: 'REGISTRATION_CODE_MISMATCH' });
    expect(await redeem(newId(), codeB)).toEqual({ ok: false, code: 'ORG_NOT_FOUND' });
  });

  it('expire', async () => {
    const caller = { accountId: newId(), name: 'x', roles: [{ role: 'org_admin' as const, orgId: root }] };
    const [old] = await generateRegistrationCodes(h.deps, caller, root, [branchB], new Date(Date.now() - 31 * 24 * 3600_000));
    expect(await redeem(branchB, old!.code)).toEqual({ ok: false, code: 'REGISTRATION_CODE_EXPIRED', orgName: '机关团支部' });
  });

  it('let exactly one of many concurrent redemptions of the same code win', async () => {
    const { items } = await jsonBody(await generate(root, root, [branchB]));
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(branchB, items[0].code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'REGISTRATION_CODE_USED')).toHaveLength(9);
  });
});

describe('registration code states', () => {
  it('list each active direct child with its code as the last two characters, for the org’s own admin only', async () => {
    const { items: issued } = await jsonBody(await generate(root, root, [schoolA]));
    const res = await h.call(root, 'GET', `/orgs/${root}/registration-codes`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await jsonBody(res);
    const { items } = registrationCodeStatesView.parse(body);
    const school = items.find((i) => i.orgId === schoolA)!;
    expect(school).toMatchObject({ orgName: '第一中学团总支', orgType: 'general_branch', state: 'active', usedAt: null });
    expect(school.code).toBe(`********${(issued[0].code as string).slice(-2)}`);
    expect(JSON.stringify(body)).not.toContain(issued[0].code);
    // A grandchild is not listed: codes are made by the direct superior only.
    expect(items.some((i) => i.orgId === classG)).toBe(false);
    expect((await h.call(schoolA, 'GET', `/orgs/${root}/registration-codes`)).status).toBe(403);
    expect((await h.call(root, 'GET', `/orgs/${newId()}/registration-codes`)).status).toBe(404);
  });

  it('tell used, expired and never generated apart', async () => {
    const parent = newId();
    const [used, expired, never] = [newId(), newId(), newId()];
    await insertOrgs(h.stored, [
      { id: parent, name: '状态团委', type: 'committee', ancestors: [root] },
      { id: used, name: '已用团支部', type: 'branch', ancestors: [root, parent] },
      { id: expired, name: '过期团支部', type: 'branch', ancestors: [root, parent] },
      { id: never, name: '未生成团支部', type: 'branch', ancestors: [root, parent] },
    ]);
    const caller = { accountId: newId(), name: 'x', roles: [{ role: 'org_admin' as const, orgId: parent }] };
    const [code] = await generateRegistrationCodes(h.deps, caller, parent, [used]);
    expect(await redeem(used, code!.code)).toMatchObject({ ok: true });
    await generateRegistrationCodes(h.deps, caller, parent, [expired], new Date(Date.now() - 31 * 24 * 3600_000));
    const { items } = registrationCodeStatesView.parse(
      await jsonBody(await h.call(parent, 'GET', `/orgs/${parent}/registration-codes`)),
    );
    const state = Object.fromEntries(items.map((i) => [i.orgName, i.state]));
    expect(state).toEqual({ 已用团支部: 'used', 过期团支部: 'expired', 未生成团支部: 'none' });
    expect(items.find((i) => i.orgId === used)!.usedAt).not.toBeNull();
    expect(items.find((i) => i.orgId === never)).toMatchObject({ code: null, expiresAt: null });
  });
});

describe('registration code workbooks', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  async function rowsOf(res: Response): Promise<string[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('管理员注册码')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  }

  it('are the batch export of new codes when the client asks for xlsx, and those codes redeem', async () => {
    const res = await h.call(root, 'POST', `/orgs/${root}/registration-codes`, undefined, { accept: XLSX });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const rows = await rowsOf(res);
    expect(rows[0]).toEqual(['组织名称', '管理员注册码', '有效期至']);
    const branchRow = rows.find((r) => r[0] === '机关团支部')!;
    expect(branchRow[1]).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    expect(await redeem(branchB, branchRow[1]!)).toMatchObject({ ok: true });
  });

  it('show the state of the current codes without revealing them', async () => {
    await generate(root, root, [schoolA]);
    const res = await h.call(root, 'GET', `/orgs/${root}/registration-codes.xlsx`);
    expect(res.status).toBe(200);
    const rows = await rowsOf(res);
    expect(rows[0]).toEqual(['组织名称', '管理员注册码', '有效期至', '状态']);
    expect(rows.find((r) => r[0] === '机关团支部')![3]).toBe('已使用');
    const school = rows.find((r) => r[0] === '第一中学团总支')!;
    expect(school[1]).toMatch(/^\*{8}[A-HJ-NP-Za-km-z2-9]{2}$/);
    expect(school[3]).toBe('有效');
    expect((await h.call(schoolA, 'GET', `/orgs/${root}/registration-codes.xlsx`)).status).toBe(403);
  });

  it('never hand out an org’s name as a formula', async () => {
    const hostile = '=HYPERLINK("http://evil.example","点击领取")';
    const created = await h.call(root, 'POST', '/orgs', { parentId: root, name: hostile, type: 'branch' });
    expect(created.status).toBe(201);
    const fresh = await rowsOf(await h.call(root, 'POST', `/orgs/${root}/registration-codes`, undefined, { accept: XLSX }));
    const state = await rowsOf(await h.call(root, 'GET', `/orgs/${root}/registration-codes.xlsx`));
    for (const rows of [fresh, state]) {
      expect(rows.some((r) => r[0] === `'${hostile}`)).toBe(true);
      expect(rows.some((r) => r[0] === hostile)).toBe(false);
    }
  });
});
