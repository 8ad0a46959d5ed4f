import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangePasswordPage } from '../../src/pages/ChangePasswordPage';
import { ResetPasswordPage } from '../../src/pages/ResetPasswordPage';
import { loginNotice } from '../../src/session/notice';
import { sessionStore } from '../../src/session/session';
import { CAPTCHA, idNumber, json, mockApi, problem, sentTo } from './api-mock';
import { ADMIN_SESSION, button, expectFieldErrors, findAlert, renderPage } from './render';

const ID = idNumber('44010620050401123');
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const WEAK = '密码至少8位，须同时包含字母和数字';

describe('忘记密码', () => {
  const RESET = 'POST /api/v1/auth/reset-password';
  async function openReset() {
    const page = renderPage(<ResetPasswordPage />, { path: '/reset-password' });
    await screen.findByLabelText('验证码图片，点击换一张');
    return { ...page, submit: button('重设密码') };
  }

  it('says under each empty field what it needs', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, submit } = await openReset();
    await user.click(submit);
    await expectFieldErrors({
      身份证号码: '请输入身份证号码',
      重置码: '请输入重置码',
      新密码: '请输入新密码',
      确认新密码: '请再次输入新密码',
      验证码: '请输入验证码',
    });
    expect(sentTo(sent, RESET)).toEqual([]);
  });

  it('holds the new password to the policy, and the confirmation to the new password', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, submit } = await openReset();
    for (const weak of ['short1', 'onlyletters', '1234567890']) {
      await user.clear(field('新密码'));
      await user.type(field('新密码'), weak);
      await expectFieldErrors({ 新密码: WEAK });
    }
    await user.clear(field('新密码'));
    await user.type(field('新密码'), 'Tuan2026Jian');
    await expectFieldErrors({ 新密码: '' });
    await user.type(field('确认新密码'), 'Tuan2026Jia');
    await expectFieldErrors({ 确认新密码: '两次输入的密码不一致' });
    await user.type(field('确认新密码'), 'n');
    await expectFieldErrors({ 确认新密码: '' });
    // Changing the new password afterwards checks the confirmation again.
    await user.type(field('新密码'), '1');
    await expectFieldErrors({ 确认新密码: '两次输入的密码不一致' });
    await user.click(submit);
    await expectFieldErrors({ 身份证号码: '请输入身份证号码' });
    expect(sentTo(sent, RESET)).toEqual([]);
  });

  it('sends the reset as the API expects and says the password is set', async () => {
    const sent = mockApi({ ...CAPTCHA, [RESET]: json({}) });
    const { user, submit } = await openReset();
    await user.type(field('身份证号码'), ID);
    await user.type(field('重置码'), ' K7QX2M9A ');
    await user.type(field('新密码'), 'Tuan2026Jian');
    await user.type(field('确认新密码'), 'Tuan2026Jian');
    await user.type(field('验证码'), 'ab12');
    await user.click(submit);
    expect(await screen.findByText('密码已重设')).toBeTruthy();
    expect(screen.getByText('去登录').getAttribute('href')).toBe('/login');
    expect(sentTo(sent, RESET)[0]?.body).toEqual({
      idNumber: ID,
      resetCode: 'K7QX2M9A',
      newPassword: 'Tuan2026Jian',
      captchaId: 'captcha-1',
      captchaCode: 'ab12',
    });
  });

  it('shows a refused reset code as the server says it, with a new captcha to type', async () => {
    const sent = mockApi({ ...CAPTCHA, [RESET]: problem('RESET_CODE_INVALID') });
    const { user, submit } = await openReset();
    await user.type(field('身份证号码'), ID);
    await user.type(field('重置码'), 'OLDCODE1');
    await user.type(field('新密码'), 'Tuan2026Jian');
    await user.type(field('确认新密码'), 'Tuan2026Jian');
    await user.type(field('验证码'), 'ab12');
    await user.click(submit);
    expect((await screen.findByRole('alert')).textContent).toBe('重置码错误或已失效');
    expect(field('验证码').value).toBe('');
    await waitFor(() => expect(sentTo(sent, 'GET /api/v1/auth/captcha')).toHaveLength(2));
  });
});

describe('修改密码', () => {
  const CHANGE = 'POST /api/v1/auth/password';
  const FIRST_LOGIN = { ...ADMIN_SESSION, mustChangePassword: true };
  const openChange = (session = FIRST_LOGIN) => {
    const page = renderPage(<ChangePasswordPage />, { path: '/password', session });
    return { ...page, submit: button('确认修改') };
  };
  async function fill(
    user: ReturnType<typeof openChange>['user'],
    oldPassword: string,
    newPassword: string,
    confirm = newPassword,
  ) {
    await user.type(field('原密码'), oldPassword);
    await user.type(field('新密码'), newPassword);
    await user.type(field('确认新密码'), confirm);
  }

  it('asks a first login to change the initial password, and says what each empty field needs', async () => {
    const sent = mockApi({});
    const { user, submit } = openChange();
    expect(screen.getByText('首次登录请先修改密码')).toBeTruthy();
    await user.click(submit);
    await expectFieldErrors({
      原密码: '请输入原密码',
      新密码: '请输入新密码',
      确认新密码: '请再次输入新密码',
    });
    expect(sent).toEqual([]);
  });

  it('refuses a weak new password and a confirmation that differs, and sends nothing', async () => {
    const sent = mockApi({});
    const { user, submit } = openChange(ADMIN_SESSION);
    expect(screen.queryByText('首次登录请先修改密码')).toBeNull();
    await fill(user, ID.slice(-8), 'password', 'password');
    await user.click(submit);
    await expectFieldErrors({ 新密码: WEAK });
    await user.clear(field('新密码'));
    await user.type(field('新密码'), 'Tuan2026Jian');
    await user.click(submit);
    await expectFieldErrors({ 新密码: '', 确认新密码: '两次输入的密码不一致' });
    expect(sent).toEqual([]);
  });

  it('sends the old and new password, then ends the session with a notice for the login page', async () => {
    const sent = mockApi({ [CHANGE]: json({}) });
    const { user, submit } = openChange();
    await fill(user, ID.slice(-8), 'Tuan2026Jian');
    await user.click(submit);
    await waitFor(() => expect(sessionStore.get()).toBeNull());
    expect(sentTo(sent, CHANGE)[0]?.body).toEqual({ oldPassword: ID.slice(-8), newPassword: 'Tuan2026Jian' });
    expect(loginNotice.peek()).toBe('密码已修改，所有设备上的登录均已退出，请用新密码重新登录。');
  });

  it('shows the server’s refusals and keeps the session: the initial password again, a wrong old password', async () => {
    let answer = problem('PASSWORD_POLICY');
    mockApi({ [CHANGE]: () => answer });
    const { user, submit } = openChange();
    await fill(user, ID.slice(-8), `a${ID.slice(-8)}`);
    await user.click(submit);
    await findAlert('密码至少8位，须同时包含字母和数字，且不能与初始密码相同');
    // A 401 that is not about the token does not end the session.
    answer = problem('INVALID_CREDENTIALS');
    await user.click(submit);
    await findAlert('身份证号码或密码错误');
    expect(sessionStore.get()).not.toBeNull();
  });
});
