import type { Page } from 'playwright-core';

/**
 * Logs in through the portal's login page as a person does, answering the captcha with the code
 * the gateway hands out in development (API.md, "Development conveniences"). For the browser
 * journeys and the portal's benchmarks.
 */
export async function logInThroughPortal(page: Page, web: string, idNumber: string, password: string, captcha?: string) {
  // A fresh page asks for exactly one captcha, whose answer is the one on screen; leaving the
  // page first drops any captcha the last one was still fetching.
  await page.goto('about:blank');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/captcha'));
  await page.goto(`${web}login`);
  const { code } = (await (await answer).json()) as { code: string };
  await page.getByLabel('身份证号码').fill(idNumber);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('验证码', { exact: true }).fill(captcha ?? code);
  await page.getByRole('button', { name: '登录' }).click();
  // Settled: signed in (the page moved on, the session cookie set) or refused (the reason shown).
  // Navigating before that would cancel the login under way.
  await Promise.race([
    page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 15_000 }),
    page.locator('.ant-alert-error').waitFor({ timeout: 15_000 }),
  ]);
}
