import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumArgs, ensureChromium, nthIdNumber } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { Client } from '../../../test/e2e/client.js';
import { logInThroughPortal } from '../../../test/e2e/portal-login.js';
import { startStack, type Stack } from '../../../test/e2e/stack.js';
import { expectAccessible } from './a11y.js';

// The portal in a real browser (Debian's Chromium, driven by Playwright) against the whole system
// as `npm start` runs it, the pages on the gateway's origin. Each journey asserts what the page
// shows. Screenshots of the main pages go to docs/screenshots (the README links them) with
// SAVE_SCREENSHOTS=1.

// Into docs/ only when asked (SAVE_SCREENSHOTS=1), so a test run leaves the checkout as it was.
const screenshots = path.resolve(
  import.meta.dirname,
  '../../..',
  process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : '.data/screenshots',
);
/** What the page showed when a journey failed (failed-*.png). */
const failures = path.resolve(import.meta.dirname, '../../../.data/screenshots');
const PASSWORD = 'Tuan2026Jian';

let stack: Stack;
let browser: Browser;
const world = {} as {
  branchId: string;
  branchName: string;
  memberIdNumber: string;
  memberName: string;
  otherBranchId: string;
  otherBranchName: string;
  /** Made and given its admin in the tree journey. */
  generalBranchId: string;
  generalBranchName: string;
  generalAdminIdNumber: string;
};

beforeAll(async () => {
  const [executablePath, started] = await Promise.all([
    ensureChromium((line) => console.log(line)),
    startStack(testInfra(), { portal: true }),
  ]);
  stack = started;
  browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  await mkdir(screenshots, { recursive: true });
  await mkdir(failures, { recursive: true });

  // A branch under the demo root with one member, through the API as an admin's script would.
  const admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);
  world.branchName = '2024级软件工程1班团支部';
  world.branchId = (
    await admin.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name: world.branchName, type: 'branch' })
  ).id;
  world.otherBranchName = '2024级软件工程2班团支部';
  world.otherBranchId = (
    await admin.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name: world.otherBranchName, type: 'branch' })
  ).id;
  world.memberIdNumber = nthIdNumber(7, { firstBirthday: '2005-04-01', region: '440106' });
  world.memberName = '林晓燕';
  await admin.json('POST', `/orgs/${world.branchId}/members`, {
    name: world.memberName,
    idNumber: world.memberIdNumber,
    ethnicity: '汉族',
    politicalStatus: '共青团员',
    joinedAt: '2019-05',
    developmentNumber: '201900000777',
    phone: '13800138000',
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Waits for what the page shows, as long as a busy machine may need (vitest's default is 1 s). */
const poll = <T>(check: () => T | Promise<T>, timeout = 15_000) => expect.poll(check, { timeout, interval: 100 });

/**
 * Waits until no dialog or drawer of the page is still opening: a click during Ant Design's
 * opening animation can be lost (the button moves under the pointer), and the journey then waits
 * for an effect that never comes.
 */
const dialogsSettled = (page: Page) =>
  page.waitForFunction(
    () =>
      document.querySelectorAll(
        '[class*="-appear-active"],[class*="-enter-active"],[class*="-appear-start"],[class*="-enter-start"]',
      ).length === 0,
    undefined,
    { timeout: 10_000 },
  );

/**
 * The accessibility check (axe, WCAG A/AA; ./a11y.ts) of the page as it is now, once its
 * dialogs have finished opening: `state` names the page and its state in a failure.
 */
const accessible = async (page: Page, state: string) => {
  await dialogsSettled(page);
  await expectAccessible(page, state);
};

/** A downloaded file as exceljs reads it. */
const readWorkbook = async (file: string) => {
  const bytes = await readFile(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

/**
 * A fresh browser profile (no cookies), recording requests to other origins and CSP violations;
 * `phone`: a phone's screen and touch, as members mostly use 我的.
 */
async function openPortal(options: { phone?: boolean } = {}) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    ...(options.phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1280, height: 800 } }),
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  const cspViolations: string[] = [];
  const origin = new URL(stack.web).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) foreign.push(url);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  // What the page showed when a journey failed, to see why afterwards.
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
    await page.screenshot({ path: path.join(failures, `failed-${name}-${Date.now()}.png`) }).catch(() => undefined);
  });
  return { context, page, foreign, cspViolations };
}

/** The answers of the captchas a page fetched (the development server echoes them: CAPTCHA_ECHO). */
function captchaAnswers(page: Page) {
  let last: Promise<string> | undefined;
  page.on('response', (r) => {
    if (r.url().endsWith('/api/v1/auth/captcha')) last = r.json().then((b: { code: string }) => b.code);
  });
  return {
    /** The answer of the captcha on screen now (the last one fetched). */
    async latest(): Promise<string> {
      await expect.poll(() => last, { timeout: 15_000 }).toBeDefined();
      // A refresh after a refusal may still be under way: let it land.
      await page.waitForLoadState('networkidle');
      return last!;
    },
  };
}

/** Fills the login form; the captcha's answer is echoed by the development server (CAPTCHA_ECHO). */
const logIn = (page: Page, idNumber: string, password: string, captcha?: string) =>
  logInThroughPortal(page, stack.web, idNumber, password, captcha);

describe('the portal', () => {
  it('serves its pages and the API docs from its own origin, with a CSP that allows no inline script', async () => {
    const { context, page, foreign, cspViolations } = await openPortal();
    const res = await page.goto(`${stack.web}login`);
    expect(res!.status()).toBe(200);
    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    await poll(() => page.getByRole('button', { name: '登录' }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'login.png') });
    await accessible(page, '登录');

    // The API docs: Swagger UI from the project's own copy, not a CDN.
    const docs = await page.goto(`${new URL(stack.web).origin}/docs`);
    expect(docs!.headers()['content-security-policy']).toContain("script-src 'self'");
    await poll(() => page.locator('.swagger-ui .info .title').textContent(), 20_000).toContain('智慧团建');
    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 60_000);

  it('answers a wrong captcha and a wrong password with the server’s reasons', async () => {
    const { context, page } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password, 'zzzz');
    await poll(() => page.locator('.ant-alert-error').textContent()).toContain('验证码错误或已过期');
    await logIn(page, stack.demo.idNumber, 'Wrong1234');
    await poll(() => page.locator('.ant-alert-error').textContent()).toContain('身份证号码或密码错误');
    await accessible(page, '登录, the server’s refusal shown');
    // A bad ID number is caught in the page before anything is sent.
    await page.getByLabel('身份证号码').fill('110101199003071234');
    await page.getByLabel('密码', { exact: true }).focus();
    await poll(() => page.getByText('身份证号码校验位不正确，请核对').isVisible()).toBe(true);
    await accessible(page, '登录, a field’s error shown');

    // 忘记密码, from the login page's link; an empty form's errors.
    await page.getByRole('link', { name: '忘记密码' }).click();
    await poll(() => page.getByRole('heading', { name: '忘记密码' }).isVisible()).toBe(true);
    await accessible(page, '忘记密码');
    await page.getByRole('button', { name: '重设密码' }).click();
    await poll(() => page.getByText('请输入重置码').isVisible()).toBe(true);
    await accessible(page, '忘记密码, the form’s errors shown');
    await context.close();
  }, 60_000);

  it('works from the keyboard alone: the login by Tab and Enter, a drawer opened by Enter and closed by Escape', async () => {
    const { context, page } = await openPortal();
    const focused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/captcha'));
    await page.goto(`${stack.web}login`);
    const { code } = (await (await answer).json()) as { code: string };
    // The page opens with the first field focused; Tab goes field by field; Enter submits.
    await poll(() => focused(page.getByLabel('身份证号码'))).toBe(true);
    await page.keyboard.type(stack.demo.idNumber);
    await page.keyboard.press('Tab');
    await poll(() => focused(page.getByLabel('密码', { exact: true }))).toBe(true);
    await page.keyboard.type(stack.demo.password);
    // Then the button that shows the password, then the captcha.
    await page.keyboard.press('Tab');
    await poll(() => focused(page.getByRole('button', { name: '显示' }))).toBe(true);
    await page.keyboard.press('Tab');
    await poll(() => focused(page.getByLabel('验证码', { exact: true }))).toBe(true);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await poll(() => page.getByRole('heading', { level: 3 }).textContent()).toContain('您好');

    // 添加团员 reached by Tab from the top of the page, opened by Enter: focus moves into the
    // drawer (Ant Design focuses its frame, and Tab goes on inside it, to 关闭 first); Escape
    // closes it and focus is back on the button.
    await page.goto(`${stack.web}orgs/${world.branchId}/members`);
    const add = page.getByRole('button', { name: '添加团员' });
    await poll(() => add.isVisible()).toBe(true);
    for (let presses = 0; !(await focused(add)); presses += 1) {
      if (presses > 30) throw new Error('Tab never reached 添加团员');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: '添加团员' });
    await poll(() => drawer.isVisible()).toBe(true);
    await poll(() => drawer.evaluate((el) => !!el.closest('.ant-drawer')?.contains(document.activeElement))).toBe(true);
    await dialogsSettled(page);
    await page.keyboard.press('Tab');
    await poll(() => focused(drawer.getByRole('button', { name: '关闭' }))).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => drawer.isVisible()).toBe(false);
    await poll(() => focused(add)).toBe(true);
    await context.close();
  }, 60_000);

  it('lets the demo admin in: home with the orgs they administer, the members of a branch masked, a reload that keeps the session, logout', async () => {
    const { context, page, cspViolations } = await openPortal();
    await page.goto(`${stack.web}`);
    // Not signed in: the login page.
    await poll(() => page.url()).toContain('/login');
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await poll(() => page.getByRole('heading', { level: 3 }).textContent()).toContain('您好');
    await poll(() => page.getByText('我管理的组织').isVisible()).toBe(true);
    // Every to-do count shows a number (the running imports once showed nothing: the page and the
    // gateway disagreed on its shape).
    for (const label of ['待我审批的组织关系转接', '组织信息变更申请', '团员信息变更申请', '进行中的导入']) {
      const value = page.locator('.ant-statistic').filter({ hasText: label }).locator('.ant-statistic-content-value');
      await poll(() => value.textContent()).toMatch(/^\d+\+?$/);
    }
    await page.screenshot({ path: path.join(screenshots, 'home.png') });
    await accessible(page, '首页 (an admin)');

    // No token where a script could read it.
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toMatch(/eyJ|refresh/i);

    await page.goto(`${stack.web}orgs/${world.branchId}/members`);
    await poll(() => page.getByRole('cell', { name: world.memberName }).isVisible()).toBe(true);
    const row = page.getByRole('row', { name: new RegExp(world.memberName) });
    const masked = `${world.memberIdNumber.slice(0, 6)}********${world.memberIdNumber.slice(-4)}`;
    expect(await row.textContent()).toContain(masked);
    expect(await row.textContent()).not.toContain(world.memberIdNumber);
    await poll(() => page.getByText(world.branchName).first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'members.png') });
    await accessible(page, '团员管理');

    // A search with no match says so.
    await page.getByLabel('按姓名查找').fill('欧阳');
    await page.getByLabel('按姓名查找').press('Enter');
    await poll(() => page.getByText('没有姓名以“欧阳”开头的团员').isVisible()).toBe(true);
    await accessible(page, '团员管理, a search with no match');

    // A reload restores the session from the HttpOnly cookie.
    await page.reload();
    await poll(() => page.getByText('团员管理').first().isVisible()).toBe(true);
    expect(page.url()).toContain('/members');

    await page.getByRole('button', { name: '退出登录' }).click();
    await poll(() => page.url()).toContain('/login');
    await page.goto(`${stack.web}`);
    await poll(() => page.url()).toContain('/login');
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 90_000);

  it('adds a member by hand: the server’s refusal shown at its field, then the member in the list', async () => {
    const { context, page } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.goto(`${stack.web}orgs/${world.branchId}/members`);
    await page.getByRole('button', { name: '添加团员' }).click();
    const drawer = page.getByRole('dialog', { name: '添加团员' });
    await accessible(page, '团员管理, 添加团员 open');
    // Saved empty: the page's own checks, at their fields.
    await dialogsSettled(page);
    await drawer.getByRole('button', { name: '保存' }).click();
    await poll(() => drawer.getByText('请输入姓名').isVisible()).toBe(true);
    await accessible(page, '团员管理, 添加团员 with the form’s errors shown');
    await drawer.getByLabel('姓名').fill('郑雨桐');
    await drawer.getByLabel('身份证号码').fill(nthIdNumber(3, { firstBirthday: '2006-09-01', region: '440106' }));
    await drawer.getByLabel('入团年月').fill('2021-05');
    // Joined in 2021 without a development number: the server says so, at that field.
    await drawer.getByRole('button', { name: '保存' }).click();
    await poll(() => drawer.getByText('2017年及以后入团的团员须填写发展团员编号').isVisible()).toBe(true);
    await accessible(page, '团员管理, 添加团员 with the server’s refusal at its field');
    await drawer.getByLabel('发展团员编号').fill('202100000333');
    await drawer.getByRole('button', { name: '保存' }).click();
    await poll(() => drawer.isVisible()).toBe(false);
    await poll(() => page.getByRole('cell', { name: '郑雨桐' }).isVisible()).toBe(true);
    await context.close();
  }, 60_000);

  it('makes a member change the initial password first, then shows their own record; an admin page is refused', async () => {
    const { context, page } = await openPortal();
    // identity makes the member's account from member.created: it may take a moment.
    for (let attempt = 0; ; attempt += 1) {
      await logIn(page, world.memberIdNumber, world.memberIdNumber.slice(-8));
      const moved = await page
        .waitForURL(/\/password$/, { timeout: 3000 })
        .then(() => true)
        .catch(() => false);
      if (moved) break;
      if (attempt > 10) throw new Error('the member’s account never came');
    }
    await poll(() => page.getByText('首次登录请先修改密码').isVisible()).toBe(true);
    // Nothing else until the password is changed.
    await page.goto(`${stack.web}`);
    await poll(() => page.url()).toMatch(/\/password$/);
    await page.getByLabel('原密码').fill(world.memberIdNumber.slice(-8));
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('确认新密码').fill('short');
    await page.getByRole('button', { name: '确认修改' }).click();
    await poll(() => page.getByText('密码至少8位，须同时包含字母和数字').first().isVisible()).toBe(true);
    await accessible(page, '修改密码 (the first login), the form’s errors shown');
    await page.getByLabel('新密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认新密码').fill(PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    // Every session ended: back at the login page, told why.
    await poll(() => page.getByText('密码已修改，所有设备上的登录均已退出，请用新密码重新登录。').isVisible()).toBe(true);
    expect(page.url()).toMatch(/\/login$/);

    await logIn(page, world.memberIdNumber, PASSWORD);
    await poll(() => page.getByText('我的团员信息').isVisible()).toBe(true);
    // Their own record in full.
    await poll(() => page.getByText(world.memberIdNumber).isVisible()).toBe(true);
    await poll(() => page.getByText(world.branchName).isVisible()).toBe(true);
    await accessible(page, '首页 (a member: 我的团员信息)');

    // They ask for a change of their own record from 我的: it becomes a request for the branch.
    await page.getByRole('menuitem', { name: '我的' }).click();
    await poll(() => page.getByText('暂无变更申请。需要修改信息时，请点击“申请修改”。').isVisible()).toBe(true);
    await poll(() => page.getByText('暂无组织关系转接记录').isVisible()).toBe(true);
    await accessible(page, '我的 (nothing asked yet)');
    await page.getByRole('button', { name: '申请修改' }).click();
    await poll(() => page.getByText('团员本人修改信息需经所在团支部管理员审批').isVisible()).toBe(true);
    const ask = page.getByRole('dialog', { name: '申请变更团员信息' });
    await accessible(page, '我的, 申请变更团员信息 open');
    await ask.getByLabel('工作单位或就读学校').fill('广州市第二中学');
    await dialogsSettled(page);
    await ask.getByRole('button', { name: '提交申请' }).click();
    await poll(() => page.getByText('变更申请已提交').first().isVisible()).toBe(true);
    // 我的 shows it waiting, with what it changes.
    const myRequests = page.locator('.ant-card').filter({ hasText: '我的信息变更申请' });
    await poll(() => myRequests.getByText('等待所在团支部管理员审批').isVisible()).toBe(true);
    await poll(() => myRequests.getByText(/广州市第二中学/).isVisible()).toBe(true);
    await accessible(page, '我的, a change request waiting');

    // An admin's page: the server refuses, and the page says so.
    await page.goto(`${stack.web}orgs/${world.branchId}/members`);
    await poll(() => page.getByText('无权访问').isVisible(), 15_000).toBe(true);
    await accessible(page, '团员管理 refused (无权访问)');

    // The branch's superior's admin approves it from 团员信息变更审批; the record changes.
    const admin = await openPortal();
    await logIn(admin.page, stack.demo.idNumber, stack.demo.password);
    await admin.page.goto(`${stack.web}orgs/${world.branchId}/members`);
    await admin.page.getByRole('tab', { name: '团员信息变更审批' }).click();
    await admin.page.getByRole('button', { name: `审批 ${world.memberName} 的变更申请` }).click();
    const request = admin.page.getByRole('dialog', { name: `团员信息变更申请 · ${world.memberName}` });
    await poll(() => request.getByText('广州市第二中学').isVisible()).toBe(true);
    await accessible(admin.page, '团员管理, 团员信息变更审批 with a request open');
    await request.getByRole('button', { name: '批准' }).click();
    await poll(() => admin.page.getByText('暂无待审批的团员信息变更申请').isVisible()).toBe(true);
    await page.goto(`${stack.web}mine`);
    // The decision reaches 我的; the record shows the change.
    await poll(() => myRequests.getByText('已批准', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: '申请修改' }).click();
    await poll(() => page.getByRole('dialog', { name: '申请变更团员信息' }).getByLabel('工作单位或就读学校').inputValue()).toBe(
      '广州市第二中学',
    );
    await admin.context.close();
    await context.close();
  }, 150_000);

  it('imports 50 rows from the downloaded template, 3 bad: the FAQ’s summary, the failures workbook fixed and imported', async () => {
    const { context, page } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await poll(() => page.getByText('第一步：下载导入模板').isVisible()).toBe(true);
    await accessible(page, '批量导入');

    const templateDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载团员导入模板' }).click();
    const template = await templateDownload;
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await readWorkbook(await template.path()));
    const sheet = book.getWorksheet('团员信息')!;
    // Three bad rows: no name, an ID number with a wrong check digit, a joining date to come.
    for (let n = 0; n < 50; n += 1) {
      sheet.getRow(n + 2).values = [
        n === 13 ? '' : `周${'伟芳娜秀英敏静丽强磊'[n % 10]}`,
        n === 5 ? '440106200501010000' : nthIdNumber(n + 100, { firstBirthday: '2006-02-01', region: '440106' }),
        '汉族',
        '共青团员',
        n === 9 ? '2031-01' : '2020-05',
        `2020${String(5000 + n).padStart(8, '0')}`,
      ];
    }
    const upload = Buffer.from(await book.xlsx.writeBuffer());

    // The demo admin's org is a committee: the rows go into a branch chosen below it.
    await page.getByLabel('导入到团支部').click();
    await page.getByTitle(world.branchName).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '团员名单.xlsx', mimeType: 'application/octet-stream', buffer: upload });
    await page.getByRole('button', { name: '第三步：上传并导入' }).click();
    await poll(() => page.getByText('成功导入 47 位团员，3 位团员导入失败').first().isVisible(), 60_000).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'import.png'), fullPage: true });
    await accessible(page, '批量导入, an import’s result and the recent imports');

    const failuresDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载失败名单' }).click();
    const failures = new ExcelJS.Workbook();
    await failures.xlsx.load(await readWorkbook(await (await failuresDownload).path()));
    const rows = failures.worksheets[0]!;
    expect(rows.rowCount).toBe(4);
    // The recent imports list shows it too.
    await poll(() => page.getByRole('cell', { name: '团员名单.xlsx' }).isVisible()).toBe(true);

    // The secretary fixes the three rows in the failures workbook, by the reason each gives, and
    // uploads that workbook as it is: the three are imported, none fails.
    const reasonColumn = [...(rows.getRow(1).values as unknown[])].findIndex((v) => String(v ?? '').includes('失败原因'));
    expect(reasonColumn).toBeGreaterThan(0);
    rows.eachRow((row, number) => {
      if (number === 1) return;
      const reason = String(row.getCell(reasonColumn).value);
      if (reason.includes('姓名')) row.getCell(1).value = '周杰';
      else if (reason.includes('身份证号码'))
        row.getCell(2).value = nthIdNumber(900, { firstBirthday: '2006-02-01', region: '440106' });
      else if (reason.includes('入团年月')) row.getCell(5).value = '2020-05';
      else throw new Error(`an unexpected reason: ${reason}`);
    });
    // The branch chosen stays chosen.
    await page.locator('input[type=file]').setInputFiles({
      name: '失败名单（已修改）.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await failures.xlsx.writeBuffer()),
    });
    await page.getByRole('button', { name: '第三步：上传并导入' }).click();
    await poll(() => page.getByText('成功导入 3 位团员，0 位团员导入失败').first().isVisible(), 60_000).toBe(true);

    // A file that is not a workbook is refused with the server's reason.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '名单.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip') });
    await page.getByRole('button', { name: '第三步：上传并导入' }).click();
    await poll(() => page.locator('.ant-alert-error').textContent()).toContain('文件未能上传');
    await accessible(page, '批量导入, an upload refused');
    await context.close();
  }, 120_000);

  it('asks for a transfer-in by name and ID number; the approver approves it from 待我办理; the member moves', async () => {
    const { context, page } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.getByRole('menuitem', { name: '组织关系接转' }).click();
    await poll(() => page.getByRole('tab', { name: /待我办理/ }).isVisible()).toBe(true);
    await accessible(page, '组织关系接转 (待我办理)');
    await page.getByRole('tab', { name: '办理转入' }).click();
    await page.getByRole('button', { name: '提交转入申请' }).click();
    await poll(() => page.getByText('请输入转入团员的姓名').isVisible()).toBe(true);
    await accessible(page, '组织关系接转, 办理转入 with the form’s errors shown');
    await page.getByLabel('姓名').fill(world.memberName);
    await page.getByLabel('身份证号码').fill(world.memberIdNumber);
    await page.getByLabel('转入团支部').click();
    await page.getByTitle(world.otherBranchName).click();
    await page.getByLabel('转接原因').click();
    await page.getByTitle('升学').click();
    await page.getByRole('button', { name: '提交转入申请' }).click();
    await poll(() => page.getByText('已提交转入申请').isVisible()).toBe(true);
    await accessible(page, '组织关系接转, 办理转入 submitted');

    // The member follows it on their phone (我的): waiting for the branch they go to.
    const member = await openPortal({ phone: true });
    await logIn(member.page, world.memberIdNumber, PASSWORD);
    await member.page.goto(`${stack.web}mine`);
    const myTransfers = member.page.locator('.ant-card').filter({ hasText: '我的组织关系转接' });
    await poll(() => myTransfers.getByText(`等待${world.otherBranchName}审批`).isVisible()).toBe(true);
    await poll(() => myTransfers.getByText('提出申请', { exact: false }).isVisible()).toBe(true);
    // Laid out for the phone: nothing wider than its screen.
    expect(await member.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await accessible(member.page, '我的 on a phone, a transfer waiting');

    // The demo admin is the direct superior of the member's branch: it waits for them.
    await page.getByRole('tab', { name: /待我办理/ }).click();
    await page.getByRole('button', { name: `办理 ${world.memberName} 的转接` }).click();
    const transfer = page.getByRole('dialog', { name: `组织关系转接 · ${world.memberName}` });
    await poll(() => transfer.getByText('提出申请').isVisible()).toBe(true);
    // The dialog's opening animation done, for the picture.
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(screenshots, 'transfer.png') });
    await accessible(page, '组织关系接转, a transfer open for approval');
    await transfer.getByRole('button', { name: '批准' }).click();
    await poll(() => transfer.getByText(/已批准，转接中|已完成/).isVisible()).toBe(true);

    // The saga moves the member: the other branch's list shows them.
    await poll(async () => {
      await page.goto(`${stack.web}orgs/${world.otherBranchId}/members`);
      await page.getByText(world.otherBranchName).first().waitFor({ timeout: 10_000 });
      return page.getByRole('cell', { name: world.memberName }).isVisible();
    }, 60_000).toBe(true);

    // On the member's phone: the transfer done, their record in the new branch.
    await poll(async () => {
      await member.page.reload();
      await myTransfers.getByText('我的组织关系转接').waitFor({ timeout: 10_000 });
      return myTransfers.getByText('已完成').isVisible();
    }, 30_000).toBe(true);
    await poll(() => member.page.getByText(world.otherBranchName).first().isVisible()).toBe(true);
    await accessible(member.page, '我的 on a phone, the transfer done');
    await member.page.screenshot({ path: path.join(screenshots, 'mine-phone.png'), fullPage: true });
    // The folded menu's button sits above the page, not over its title, and opens by keyboard.
    const menuButton = member.page.getByRole('button', { name: '主菜单' });
    const trigger = await menuButton.boundingBox();
    const title = await member.page.getByRole('heading', { name: '我的', exact: true }).boundingBox();
    expect(trigger && title && (trigger.y + trigger.height <= title.y || title.y + title.height <= trigger.y)).toBe(true);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await menuButton.focus();
    await member.page.keyboard.press('Enter');
    await poll(() => member.page.getByRole('menuitem', { name: '修改密码' }).isVisible()).toBe(true);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await member.page.keyboard.press('Enter');
    await poll(() => menuButton.getAttribute('aria-expanded')).toBe('false');
    await member.context.close();
    await context.close();
  }, 150_000);

  it('manages the tree: a child made, its admin’s code issued once, the new admin’s change request approved above, the secretary verified', async () => {
    const { context, page, cspViolations } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.getByRole('menuitem', { name: '组织管理' }).click();
    await poll(() => page.getByRole('tree', { name: '组织树' }).isVisible()).toBe(true);
    // The root is open in the tree: its children are listed under it.
    await poll(() => page.getByRole('tree').getByText(world.branchName).isVisible()).toBe(true);
    await accessible(page, '组织管理 (the tree and 基本信息)');

    // 下级组织管理: a general branch under the root.
    const childName = '信息工程学院团总支';
    await page.getByRole('tab', { name: '下级组织管理' }).click();
    await poll(() => page.getByRole('row', { name: new RegExp(world.branchName) }).isVisible()).toBe(true);
    await accessible(page, '组织管理, 下级组织管理');
    await page.getByRole('button', { name: '新建下级组织' }).click();
    const drawer = page.getByRole('dialog', { name: /^新建下级组织/ });
    await accessible(page, '组织管理, 新建下级组织 open');
    await drawer.getByLabel('组织名称').fill(childName);
    await drawer.getByLabel('组织类型').click();
    await page.getByTitle('团总支', { exact: true }).click();
    await drawer.getByRole('button', { name: '保存' }).click();
    const childRow = page.getByRole('row', { name: new RegExp(childName) });
    await poll(() => childRow.isVisible()).toBe(true);
    await poll(() => page.getByRole('tree').getByText(childName).isVisible()).toBe(true);
    expect(await childRow.textContent()).toContain('未生成');

    // Its admin's registration code: confirmed (it voids the old one), shown once.
    await childRow.getByRole('checkbox').check();
    await page.getByRole('button', { name: '生成注册码（选中 1 个）' }).click();
    await accessible(page, '组织管理, 生成注册码 to be confirmed');
    await page.getByRole('button', { name: '生成', exact: true }).click();
    const issued = page.getByRole('dialog', { name: '管理员注册码' });
    await poll(() => issued.locator('code').first().isVisible()).toBe(true);
    const code = (await issued.locator('code').first().textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshots, 'registration-codes.png') });
    await accessible(page, '组织管理, the registration code shown once');
    await issued.getByRole('button', { name: '我已保存' }).click();
    await poll(() => childRow.textContent()).toContain(`********${code.slice(-2)}`);
    expect(await childRow.textContent()).toContain('有效');
    expect(await childRow.textContent()).not.toContain(code);
    const childId = new URL(
      (await childRow.getByRole('link', { name: childName }).getAttribute('href'))!,
      stack.web,
    ).pathname.split('/')[2]!;

    // The child's new admin registers in the page: the org found by part of its name, the code.
    const idNumber = nthIdNumber(31, { firstBirthday: '1995-03-01', region: '440106' });
    const second = await openPortal();
    const captchas = captchaAnswers(second.page);
    await second.page.goto(`${stack.web}login`);
    await second.page.getByRole('link', { name: '管理员注册' }).click();
    await poll(() => second.page.getByRole('heading', { name: '管理员注册' }).isVisible()).toBe(true);
    await accessible(second.page, '管理员注册');
    await second.page.getByLabel('所在组织').fill('信息工程');
    // The visible option (antd's role=option elements are a hidden list for screen readers).
    await second.page.getByTitle(new RegExp(`${childName}$`)).click();
    const fill = async (code: string) => {
      await second.page.getByLabel('管理员注册码').fill(code);
      await second.page.getByLabel('姓名').fill('陈志远');
      await second.page.getByLabel('身份证号码').fill(idNumber);
      await second.page.getByLabel('手机号码').fill('13900000031');
      await second.page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await second.page.getByLabel('确认密码').fill(PASSWORD);
      await second.page.getByLabel('验证码', { exact: true }).fill(await captchas.latest());
      await second.page.getByRole('button', { name: '注册' }).click();
    };
    const refusedAsNotThisOrgs = async () => {
      // Each answer clears the captcha (good for one try): the refusal seen is this attempt's.
      await poll(() => second.page.getByLabel('验证码', { exact: true }).inputValue()).toBe('');
      await poll(() => second.page.getByText(`您所填写的管理员注册码不是${childName}的注册码`).isVisible()).toBe(true);
      expect(await second.page.getByText('注册码区分大小写').first().isVisible()).toBe(true);
    };
    // A real code, but another org's (issued for the other branch): the FAQ's reason and advice.
    const issuer = new Client(stack.api);
    await issuer.login(stack.demo.idNumber, stack.demo.password);
    const [otherOrgs] = (
      await issuer.json('POST', `/orgs/${stack.demo.rootOrgId}/registration-codes`, { childOrgIds: [world.otherBranchId] })
    ).items;
    await fill(otherOrgs.code);
    await refusedAsNotThisOrgs();
    // The code with its case changed is not this org's code either.
    const flipped = [...code].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
    await fill(flipped);
    await refusedAsNotThisOrgs();
    await accessible(second.page, '管理员注册, a refused code with the FAQ’s advice');
    await page.screenshot({ path: path.join(screenshots, 'orgs.png') });
    await second.page.screenshot({ path: path.join(screenshots, 'register.png'), fullPage: true });
    await fill(code);
    await poll(() => second.page.getByText('注册成功').isVisible()).toBe(true);
    world.generalBranchId = childId;
    world.generalBranchName = childName;
    world.generalAdminIdNumber = idNumber;
    // Seen again later (a reload), the code shows as used.
    await poll(async () => {
      await page.reload();
      await page.getByRole('tab', { name: '下级组织管理' }).click();
      return childRow.textContent({ timeout: 10_000 });
    }).toContain('已使用');

    // Signed in, they edit their own org's info: the page says it becomes a request, and shows it pending.
    await logIn(second.page, idNumber, PASSWORD);
    await second.page.getByRole('menuitem', { name: '组织管理' }).click();
    await poll(() => second.page.getByRole('heading', { name: childName }).isVisible()).toBe(true);
    await second.page.getByRole('button', { name: '申请变更' }).click();
    await poll(() => second.page.getByText('需经上级组织管理员审批').isVisible()).toBe(true);
    await accessible(second.page, '组织管理 (the org’s own admin), 申请变更组织信息 open');
    await second.page.getByRole('dialog', { name: '申请变更组织信息' }).getByLabel('所属行业').fill('教育');
    await second.page.getByRole('button', { name: '提交申请' }).click();
    await poll(() => second.page.getByText('所属行业：（空） → 教育').isVisible()).toBe(true);
    expect(await second.page.getByRole('cell', { name: '教育' }).count()).toBe(0);
    // The org above theirs is not theirs to open.
    await second.page.goto(`${stack.web}orgs/${stack.demo.rootOrgId}`);
    await poll(() => second.page.getByText('无权访问').isVisible()).toBe(true);

    // The superior's admin approves it from 下级变更审批; the change is applied.
    await page.getByRole('tab', { name: '下级变更审批' }).click();
    await page.getByRole('button', { name: `审批 ${childName} 的变更申请` }).click();
    await accessible(page, '组织管理, 下级变更审批 with a request open');
    await page
      .getByRole('dialog', { name: `变更申请 · ${childName}` })
      .getByRole('button', { name: '批准' })
      .click();
    await poll(() => page.getByText('暂无待审批的变更申请').isVisible()).toBe(true);
    await page.getByRole('tree').getByText(childName).click();
    await poll(() => page.getByRole('cell', { name: '教育', exact: true }).isVisible()).toBe(true);
    // The search over my tree opens an org by part of its name.
    await page.getByLabel('查找下级组织').fill('软件工程2班');
    await page.getByTitle(new RegExp(`${world.otherBranchName}$`)).click();
    await poll(() => page.getByRole('heading', { name: world.otherBranchName }).isVisible()).toBe(true);
    await page.goBack();
    await poll(() => page.getByRole('heading', { name: childName }).isVisible()).toBe(true);
    // As its superior, an edit applies at once.
    await page.getByRole('button', { name: '编辑', exact: true }).click();
    await poll(() => page.getByText('保存后立即生效').isVisible()).toBe(true);
    const editOrg = page.getByRole('dialog', { name: '编辑组织信息' });
    await editOrg.getByLabel('组织简称').fill('信工学院');
    await dialogsSettled(page);
    await editOrg.getByRole('button', { name: '保存' }).click();
    await poll(() => page.getByRole('cell', { name: '信工学院', exact: true }).isVisible()).toBe(true);

    // 书记: a name the verification refuses gets the FAQ's advice; a real one is verified.
    const secretaryId = nthIdNumber(32, { firstBirthday: '1996-07-01', region: '440106' });
    await page.getByRole('button', { name: '设置书记' }).click();
    await page.getByLabel('书记姓名').fill('Smith');
    await page.getByLabel('身份证号码').fill(secretaryId);
    await page.getByRole('form', { name: '设置书记' }).getByRole('button', { name: '保存' }).click();
    await poll(() => page.getByText('可先录入副书记信息').first().isVisible()).toBe(true);
    await accessible(page, '组织管理, 设置书记 refused with the FAQ’s advice');
    await page.getByLabel('书记姓名').fill('王芳');
    await page.getByRole('form', { name: '设置书记' }).getByRole('button', { name: '保存' }).click();
    await poll(() => page.getByText('已核验').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: secretaryId }).isVisible()).toBe(true);

    expect([...cspViolations, ...second.cspViolations]).toEqual([]);
    await second.context.close();
    await context.close();
  }, 150_000);

  it('hands a member over to a general branch (办理转出): the target found by name, approved and assigned there', async () => {
    const admin = new Client(stack.api);
    await admin.login(stack.demo.idNumber, stack.demo.password);
    const memberName = '赵一鸣';
    await admin.json('POST', `/orgs/${world.branchId}/members`, {
      name: memberName,
      idNumber: nthIdNumber(33, { firstBirthday: '2004-09-01', region: '440106' }),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2018-05',
      developmentNumber: '201800000333',
    });
    const general = new Client(stack.api);
    await general.login(world.generalAdminIdNumber, PASSWORD);
    const targetName = '计算机2024级1班团支部';
    const target = await general.json('POST', '/orgs', { parentId: world.generalBranchId, name: targetName, type: 'branch' });

    const { context, page, cspViolations } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.getByRole('menuitem', { name: '组织关系接转' }).click();
    await page.getByRole('tab', { name: '办理转出' }).click();
    await page.getByLabel('转出团员').fill('赵一');
    await page.getByTitle(new RegExp(memberName)).click();
    await page.getByLabel('转入组织').fill('信息工程');
    await page.getByTitle(new RegExp(`${world.generalBranchName}$`)).click();
    await page.getByLabel('转接原因').click();
    await page.getByTitle('升学').click();
    await page.getByRole('button', { name: '提交转出申请' }).click();
    await poll(() => page.getByText(`已提交 ${memberName} 转往 ${world.generalBranchName} 的申请`).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'transfer-out.png') });

    // The general branch's admin approves it and assigns one of its branches.
    const other = await openPortal();
    await logIn(other.page, world.generalAdminIdNumber, PASSWORD);
    await other.page.getByRole('menuitem', { name: '组织关系接转' }).click();
    await other.page.getByRole('button', { name: `办理 ${memberName} 的转接` }).click();
    const dialog = other.page.getByRole('dialog', { name: `组织关系转接 · ${memberName}` });
    await dialogsSettled(other.page);
    await dialog.getByRole('button', { name: '批准' }).click();
    await poll(() => dialog.getByText('待分配团支部').isVisible()).toBe(true);
    await dialog.getByLabel('分配到团支部').click();
    await other.page.getByTitle(targetName).click();
    await dialogsSettled(other.page);
    await dialog.getByRole('button', { name: '分配团支部' }).click();
    await poll(() => dialog.getByText(/已批准，转接中|已完成/).isVisible()).toBe(true);
    await poll(async () => {
      await other.page.goto(`${stack.web}orgs/${target.id}/members`);
      await other.page.getByText(targetName).first().waitFor({ timeout: 10_000 });
      return other.page.getByRole('cell', { name: memberName }).isVisible();
    }, 60_000).toBe(true);
    expect([...cspViolations, ...other.cspViolations]).toEqual([]);
    await other.context.close();
    await context.close();
  }, 150_000);

  it('opens a member’s record from the list: an edit applied at once, a reset code shown once, a wrong record deleted, a cadre added', async () => {
    const admin = new Client(stack.api);
    await admin.login(stack.demo.idNumber, stack.demo.password);
    const kept = { name: '冯嘉怡', idNumber: nthIdNumber(51, { firstBirthday: '2003-06-01', region: '440106' }) };
    const wrong = { name: '冯子轩', idNumber: nthIdNumber(52, { firstBirthday: '2003-06-01', region: '440106' }) };
    const ids: string[] = [];
    for (const person of [kept, wrong])
      ids.push(
        (
          await admin.json('POST', `/orgs/${world.branchId}/members`, {
            ...person,
            ethnicity: '汉族',
            politicalStatus: '共青团员',
            joinedAt: '2016-05',
            phone: '13800138051',
          })
        ).id,
      );
    // The real-name check settles in the background and changes the record's version: let it land
    // first, or the edit below meets a (correctly refused) stale version.
    for (const id of ids)
      await poll(async () => (await admin.json('GET', `/members/${id}`)).identityCheck, 30_000).not.toBe('unverified');

    const { context, page, cspViolations } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.goto(`${stack.web}orgs/${world.branchId}/members`);
    // The branch holds more than a page (the import's 50 among them): found by name, as a person would.
    await page.getByLabel('按姓名查找').fill('冯');
    await page.getByLabel('按姓名查找').press('Enter');
    await page.getByRole('button', { name: kept.name, exact: true }).click();
    const record = page.getByRole('dialog', { name: `团员信息 · ${kept.name}` });
    // The demo admin is the branch's direct superior: the ID number in full, and the actions.
    await poll(() => record.getByText(kept.idNumber).isVisible()).toBe(true);
    expect(await record.getByText(world.branchName).first().isVisible()).toBe(true);
    await dialogsSettled(page);
    await page.screenshot({ path: path.join(screenshots, 'member-drawer.png') });
    await accessible(page, '团员管理, 团员详情 open');

    // 编辑: the page says it applies at once, and the server's 200 says so too.
    await record.getByRole('button', { name: '编辑', exact: true }).click();
    const edit = page.getByRole('dialog', { name: '编辑团员信息' });
    await poll(() => edit.getByText('保存后立即生效').isVisible()).toBe(true);
    await accessible(page, '团员管理, 团员详情 with 编辑团员信息 open');
    await edit.getByLabel('工作单位或就读学校').fill('广州市第六中学');
    await edit.getByRole('button', { name: '保存' }).click();
    await poll(() => page.getByText('已保存，立即生效').isVisible()).toBe(true);
    await poll(() => record.getByText('广州市第六中学').isVisible()).toBe(true);

    // 重置密码码: identity makes the account a moment after the member, so it may not be ready yet.
    const issued = page.getByRole('dialog', { name: '密码重置码' });
    await poll(async () => {
      if (await issued.isVisible()) return true;
      await record.getByRole('button', { name: '重置密码码' }).click();
      await Promise.race([
        issued.waitFor({ timeout: 5_000 }),
        record.getByText('未能生成密码重置码').waitFor({ timeout: 5_000 }),
      ]).catch(() => undefined);
      return issued.isVisible();
    }, 60_000).toBe(true);
    const code = (await issued.locator('code').first().textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(await issued.getByText('有效期至').isVisible()).toBe(true);
    expect(await issued.getByText('忘记密码').first().isVisible()).toBe(true);
    await accessible(page, '团员管理, 团员详情 with the reset code shown once');
    await issued.getByRole('button', { name: '我已交给团员' }).click();
    // Shown once: gone with its dialog.
    await poll(() => page.getByText(code).count()).toBe(0);
    await record.locator('.ant-drawer-close').click();
    await poll(() => record.isVisible()).toBe(false);

    // 删除, to correct a wrong ID number: confirmed first, then gone from the list.
    await page.getByRole('button', { name: wrong.name, exact: true }).click();
    const wrongRecord = page.getByRole('dialog', { name: `团员信息 · ${wrong.name}` });
    await poll(() => wrongRecord.getByText(wrong.idNumber).isVisible()).toBe(true);
    await wrongRecord.getByRole('button', { name: '删除', exact: true }).click();
    const confirm = page.locator('.ant-popconfirm');
    await poll(() => confirm.getByText('纠正录错的身份证号码').isVisible()).toBe(true);
    await accessible(page, '团员管理, 团员详情 with 删除 to be confirmed');
    await confirm.getByRole('button', { name: '删除' }).click();
    await poll(() => page.getByText(`已删除团员 ${wrong.name}`).isVisible()).toBe(true);
    await poll(() => page.getByRole('button', { name: wrong.name, exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: kept.name, exact: true }).isVisible()).toBe(true);

    // 团干部: the kept member made the branch's 组织委员, found by name.
    await page.getByRole('tab', { name: '团干部' }).click();
    await poll(() => page.getByText('该组织暂无团干部').isVisible()).toBe(true);
    await page.getByRole('button', { name: '添加团干部' }).click();
    const cadre = page.getByRole('dialog', { name: '添加团干部' });
    await poll(() => cadre.isVisible()).toBe(true);
    await accessible(page, '团员管理, 团干部 with 添加团干部 open');
    await cadre.getByLabel('团员', { exact: true }).fill('冯嘉');
    await page.getByTitle(new RegExp(kept.name)).click();
    await cadre.getByLabel('团内现任职务').click();
    await page.getByTitle('组织委员').click();
    await cadre.getByLabel('任现职年月').fill('2023-09');
    await cadre.getByLabel('团干部性质').click();
    await page.getByTitle('兼职').click();
    await cadre.getByRole('button', { name: '保存' }).click();
    await poll(() => page.getByRole('row', { name: new RegExp(`${kept.name}.*组织委员`) }).isVisible()).toBe(true);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 150_000);
  it('tells an admin what waits in 站内消息, live: the badge counts a new transfer without a reload, one opened is read, then all', async () => {
    // The general branch's admin was asked to approve, then to assign a branch, in the hand-over above.
    const { context, page, cspViolations } = await openPortal();
    await logIn(page, world.generalAdminIdNumber, PASSWORD);
    const bell = page.getByRole('button', { name: /^站内消息/ });
    await poll(async () => (await bell.getAttribute('aria-label')) ?? '').toMatch(/^站内消息，\d+ 条未读$/);
    const unreadNow = async () => Number(/(\d+) 条未读/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const before = await unreadNow();
    expect(before).toBeGreaterThanOrEqual(2);
    await bell.click();
    await page
      .getByRole('heading', { name: /站内消息/ })
      .or(page.getByText('站内消息').first())
      .waitFor();
    await poll(() => page.getByText('请分配团支部').first().isVisible()).toBe(true);
    await accessible(page, '站内消息');

    // Another admin asks to transfer a member into the general branch: the page is told at once.
    const admin = new Client(stack.api);
    await admin.login(stack.demo.idNumber, stack.demo.password);
    const member = await admin.json('POST', `/orgs/${world.branchId}/members`, {
      name: '钱思远',
      idNumber: nthIdNumber(44, { firstBirthday: '2004-03-01', region: '440106' }),
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2018-05',
      developmentNumber: '201800000444',
    });
    const transfer = await admin.json('POST', '/transfers', {
      direction: 'out',
      memberId: member.id,
      toOrgId: world.generalBranchId,
      reason: { code: 'study' },
    });
    await poll(unreadNow, 20_000).toBe(before + 1);
    await poll(() => page.getByRole('button', { name: '查看：组织关系转接待审批' }).count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(screenshots, 'messages.png') });

    // Opening the newest marks it read and goes to its page: that transfer, open over the lists.
    await page.getByRole('button', { name: '查看：组织关系转接待审批' }).first().click();
    await poll(() => new URL(page.url()).pathname).toBe('/transfers');
    const opened = page.getByRole('dialog', { name: '组织关系转接 · 钱思远' });
    await poll(() => opened.isVisible()).toBe(true);
    await poll(unreadNow).toBe(before);
    await page.keyboard.press('Escape');
    await poll(() => opened.isVisible()).toBe(false);
    expect(new URL(page.url()).search).toBe('');

    // 全部标为已读 empties the unread list and the badge.
    await bell.click();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await poll(() => page.getByText(`已将 ${before} 条消息标为已读`).isVisible()).toBe(true);
    await poll(() => bell.getAttribute('aria-label')).toBe('站内消息');
    await page.getByText('未读', { exact: true }).click();
    await poll(() => page.getByText('没有未读消息').isVisible()).toBe(true);

    await admin.request('POST', `/transfers/${transfer.id}/cancel`);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 150_000);

  it('shows 团员统计 of the whole tree: the totals follow a new member and a transfer, a child drills down, the table downloads', async () => {
    const { context, page, cspViolations } = await openPortal();
    await logIn(page, stack.demo.idNumber, stack.demo.password);
    await page.getByRole('menuitem', { name: '团员统计' }).click();
    await poll(() => new URL(page.url()).pathname).toBe(`/orgs/${stack.demo.rootOrgId}/statistics`);
    const total = page.locator('.ant-statistic').filter({ hasText: '团员总数' }).locator('.ant-statistic-content-value');
    await total.waitFor();
    const membersNow = async () => Number((await total.textContent())?.replace(/,/g, '') ?? NaN);
    const before = await membersNow();
    expect(before).toBeGreaterThan(0);
    await poll(() => page.getByRole('figure', { name: '年龄段' }).isVisible()).toBe(true);
    await accessible(page, '团员统计');
    await page.screenshot({ path: path.join(screenshots, 'statistics.png') });

    // A member added by another admin's script: counted at every level above without anyone asking.
    const admin = new Client(stack.api);
    await admin.login(stack.demo.idNumber, stack.demo.password);
    const member = await admin.json('POST', `/orgs/${world.otherBranchId}/members`, {
      name: '赵统计',
      idNumber: nthIdNumber(61, { firstBirthday: '2007-08-01', region: '440106' }),
      ethnicity: '壮族',
      politicalStatus: '共青团员',
      joinedAt: '2021-05',
      developmentNumber: '202100000661',
    });
    await poll(async () => {
      await page.reload();
      await total.waitFor();
      return membersNow();
    }, 30_000).toBe(before + 1);

    // A transfer from that branch to the other one completes: this year's 转出 counts it.
    const done = page
      .locator('.ant-statistic')
      .filter({ hasText: /年转出（已完成）/ })
      .locator('.ant-statistic-content-value');
    const doneBefore = Number(await done.textContent());
    const transfer = await admin.json('POST', '/transfers', {
      direction: 'out',
      memberId: member.id,
      toOrgId: world.branchId,
      reason: { code: 'study' },
    });
    await admin.json('POST', `/transfers/${transfer.id}/approve`, {});
    await poll(async () => {
      await page.reload();
      await done.waitFor();
      return Number(await done.textContent());
    }, 30_000).toBe(doneBefore + 1);
    expect(await membersNow()).toBe(before + 1);

    // The drill-down: a child's row opens that child's figures.
    await page.getByRole('link', { name: `查看${world.otherBranchName}的团员统计` }).click();
    await poll(() => new URL(page.url()).pathname).toBe(`/orgs/${world.otherBranchId}/statistics`);
    await poll(() => page.getByText(`${world.otherBranchName}（团支部）及全部下级`).isVisible()).toBe(true);
    await page.goBack();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载统计表' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/团员统计\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await readWorkbook(await file.path()));
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('组织名称');
    expect(sheet.getRow(2).getCell(3).value).toBe(before + 1);
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 150_000);
});
