// Portal benchmark: the time from navigation to an interactive 团员管理 page, in Chromium, on
// localhost — for a branch of 5,000 members beside one of 50 in the same run (the page asks for
// 50 at a time and shows no total, so the branch's size should not show), first visits (cache
// cleared: the login frame, the signed-in frame and the page's chunks all downloaded) and repeat
// visits (the browser's cache warm, as an admin working through the day). "Interactive": the
// first page of rows is on screen and the search box takes input.
//
//   npm run bench:portal-tti -w @zhtj/bench      (results: bench/results/portal.md)
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import {
  chromiumArgs,
  ensureChromium,
  isolate,
  jsonBody,
  nthIdNumber,
  provisionInfrastructure,
  uniqueNamespace,
} from '@zhtj/testkit';
import { Client } from '../../test/e2e/client.js';
import { logInThroughPortal } from '../../test/e2e/portal-login.js';
import { startStack } from '../../test/e2e/stack.js';
import { median, percentile } from './stats.js';

const LARGE = Number(process.env.PORTAL_TTI_MEMBERS ?? 5000);
const SMALL = 50;
const RUNS = Number(process.env.PORTAL_TTI_RUNS ?? 15);
const ADDERS = 8;
/** PORTAL_TTI_TRACE=1: print each measured visit's requests (start and end from navigation, ms). */
const TRACE = process.env.PORTAL_TTI_TRACE === '1';

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const infra = await provisionInfrastructure({ dataDir: path.resolve('.data/bench'), log: () => undefined });
const env = isolate(infra, uniqueNamespace('bench'));
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}; ${infra.choices.join('; ')}`);

const [executablePath, stack] = await Promise.all([
  ensureChromium(log),
  startStack(env, { portal: true, env: { RATE_LIMIT_ACCOUNT_PER_MIN: '100000000' } }),
]);
const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
try {
  const admin = new Client(stack.api);
  await admin.login(stack.demo.idNumber, stack.demo.password);

  /** A branch under the demo root with `count` members, added through the API by a few writers. */
  async function branchOf(name: string, count: number, firstIndex: number): Promise<string> {
    const branch = (await admin.json('POST', '/orgs', { parentId: stack.demo.rootOrgId, name, type: 'branch' })).id as string;
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: ADDERS }, async () => {
        for (let n = next++; n < count; n = next++) {
          for (;;) {
            const res = await admin.request('POST', `/orgs/${branch}/members`, {
              name: '基准团员',
              idNumber: nthIdNumber(firstIndex + n, { firstBirthday: '2003-01-01' }),
              ethnicity: '汉族',
              politicalStatus: '共青团员',
              joinedAt: '2016-09',
            });
            if (res.status === 201) break;
            const body = await jsonBody(res);
            // Membership's projection has not seen the branch yet, or the store is busy: again.
            if (body.code !== 'ORG_NOT_FOUND' && res.status !== 503)
              throw new Error(`adding a member: ${res.status} ${JSON.stringify(body)}`);
            await new Promise((r) => setTimeout(r, 200));
          }
          if ((n + 1) % 1000 === 0) log(`  ${n + 1} members in ${name} (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      }),
    );
    return branch;
  }
  const small = await branchOf('基准团支部（50人）', SMALL, 0);
  const large = await branchOf(`基准团支部（${LARGE}人）`, LARGE, SMALL);
  log(`branches ready: ${SMALL} and ${LARGE} members`);
  // Let the background work the additions caused (accounts, real-name checks) settle.
  await new Promise((r) => setTimeout(r, 15_000));

  /** Navigation to the members page until it is interactive, in ms. */
  async function timeToInteractive(page: Page, branch: string): Promise<number> {
    const started = performance.now();
    const requests: string[] = [];
    const onFinished = (request: import('playwright-core').Request) => {
      const at = performance.now() - started;
      const t = request.timing();
      requests.push(
        `    ${(at - Math.max(0, t.responseEnd)).toFixed(0).padStart(5)}–${at.toFixed(0).padStart(5)} ms ${request.method()} ${request.url().replace(stack.web, '/')}`,
      );
    };
    if (TRACE) page.on('requestfinished', onFinished);
    await page.goto(`${stack.web}orgs/${branch}/members`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const search = page.getByLabel('按姓名查找');
    await search.waitFor({ timeout: 30_000 });
    if (!(await search.isEditable())) throw new Error('the search box does not take input');
    const elapsed = performance.now() - started;
    if (TRACE) {
      page.off('requestfinished', onFinished);
      log(`  visit: interactive at ${elapsed.toFixed(0)} ms\n${requests.join('\n')}`);
    }
    const rows = await page.locator('.ant-table-tbody tr.ant-table-row').count();
    if (rows !== Math.min(50, branch === small ? SMALL : LARGE)) throw new Error(`expected a page of rows, saw ${rows}`);
    return elapsed;
  }

  const results: Array<{ title: string; samples: number[] }> = [];
  for (const visit of ['first', 'repeat'] as const) {
    for (const [label, branch] of [
      [`${SMALL} members`, small],
      [`${LARGE} members`, large],
    ] as const) {
      const samples: number[] = [];
      for (let run = 0; run < RUNS + 1; run += 1) {
        // A fresh profile each first visit (nothing cached, a new session from the login);
        // one profile throughout for the repeat visits.
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await logInThroughPortal(page, stack.web, stack.demo.idNumber, stack.demo.password);
        const cdp = await context.newCDPSession(page);
        if (visit === 'first') await cdp.send('Network.clearBrowserCache');
        else await timeToInteractive(page, branch); // warms the cache
        await page.goto('about:blank');
        const ms = await timeToInteractive(page, branch);
        if (run > 0) samples.push(ms); // the first run warms the servers
        await context.close();
      }
      const title = `${visit} visit, branch of ${label}`;
      log(`${title}: median ${median(samples).toFixed(0)} ms, p90 ${percentile(samples, 90).toFixed(0)} ms`);
      results.push({ title, samples });
    }
  }

  console.log('\n| visit, branch | median | p90 | min | runs |\n|---|---|---|---|---|');
  for (const { title, samples } of results)
    console.log(
      `| ${title} | ${median(samples).toFixed(0)} ms | ${percentile(samples, 90).toFixed(0)} ms | ${Math.min(...samples).toFixed(0)} ms | ${samples.length} |`,
    );
  for (const visit of ['first', 'repeat']) {
    const [a, b] = results.filter((r) => r.title.startsWith(visit));
    console.log(`${visit} visits: ${LARGE} / ${SMALL} members = ${(median(b!.samples) / median(a!.samples)).toFixed(2)}×`);
  }
} finally {
  await browser.close();
  await stack.stop();
}
