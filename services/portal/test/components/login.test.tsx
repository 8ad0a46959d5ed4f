import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoginPage } from '../../src/pages/LoginPage';
import { sessionStore } from '../../src/session/session';
import { CAPTCHA, idNumber, json, mockApi, problem, sentTo, withWrongCheck } from './api-mock';
import { button, currentPath, expectFieldErrors, fieldErrors, renderPage } from './render';

const ID = idNumber('44010620050401123');
const LOGIN = 'POST /api/v1/auth/login';
const signedIn = (mustChangePassword = false) =>
  json({
    accessToken: 'access-1',
    expiresIn: 900,
    mustChangePassword,
    account: { id: 'acc-1', name: '李团员', roles: [{ role: 'member', orgId: 'org-branch' }] },
  });

function openLogin() {
  const page = renderPage(<LoginPage />, { path: '/login' });
  return {
    ...page,
    idNumber: screen.getByLabelText('身份证号码'),
    password: screen.getByLabelText('密码'),
    captcha: screen.getByLabelText('验证码'),
    submit: button('登录'),
  };
}

/** The captcha image has loaded: the form can be sent. (By its label: ByRole with a name is slow in jsdom.) */
const captchaShown = () => screen.findByLabelText('验证码图片，点击换一张');

describe('登录', () => {
  it('can be sent only once the captcha is there', async () => {
    let answer!: (r: Response) => void;
    mockApi({ 'GET /api/v1/auth/captcha': () => new Promise<Response>((resolve) => (answer = resolve)) });
    const { submit } = openLogin();
    expect(screen.getByLabelText('验证码加载中').getAttribute('role')).toBe('status');
    expect(submit.disabled).toBe(true);
    await waitFor(() => expect(answer).toBeTypeOf('function'));
    answer(CAPTCHA['GET /api/v1/auth/captcha'].clone());
    await captchaShown();
    expect(submit.disabled).toBe(false);
  });

  it('says under each empty field what it needs, and sends nothing', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, submit } = openLogin();
    await captchaShown();
    await user.click(submit);
    await expectFieldErrors({ 身份证号码: '请输入身份证号码', 密码: '请输入密码', 验证码: '请输入验证码' });
    expect(sentTo(sent, LOGIN)).toEqual([]);
  });

  it('refuses an ID number with a wrong check digit when the field is left', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, idNumber: id, password } = openLogin();
    await captchaShown();
    await user.type(id, withWrongCheck(ID));
    expect(fieldErrors(id)).toBe(''); // checked on leaving the field, not on every key
    await user.click(password);
    await expectFieldErrors({ 身份证号码: '身份证号码校验位不正确，请核对', 密码: '' });
    // Still refused on submit, with everything else filled in.
    await user.type(password, 'Tuan2026Jian');
    await user.type(screen.getByLabelText('验证码'), 'AB12');
    await user.click(button('登录'));
    await expectFieldErrors({ 身份证号码: '身份证号码校验位不正确，请核对' });
    expect(sentTo(sent, LOGIN)).toEqual([]);
  });

  it('sends the ID number, password and captcha as the API expects, and opens the home page', async () => {
    const sent = mockApi({ ...CAPTCHA, [LOGIN]: signedIn() });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, ' Tuan2026Jian');
    await user.type(captcha, ' ab12 ');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentPath()).toBe('/'));
    const [request] = sentTo(sent, LOGIN);
    // Trimmed, except the password: it is taken as typed.
    expect(request?.body).toEqual({ idNumber: ID, password: ' Tuan2026Jian', captchaId: 'captcha-1', captchaCode: 'ab12' });
    expect(request?.headers.get('accept-language')).toBe('zh-CN');
    expect(request?.headers.get('x-session-transport')).toBe('cookie');
    expect(sessionStore.get()).toMatchObject({ accessToken: 'access-1', account: { name: '李团员' } });
  });

  it('sends a first login (the initial password) to 修改密码', async () => {
    mockApi({ ...CAPTCHA, [LOGIN]: signedIn(true) });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, ID.slice(-8));
    await user.type(captcha, 'ab12{Enter}');
    await waitFor(() => expect(currentPath()).toBe('/password'));
  });

  it('shows a wrong password as the server says it, and asks for a new captcha', async () => {
    const sent = mockApi({ ...CAPTCHA, [LOGIN]: problem('INVALID_CREDENTIALS') });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, 'Wrong2026x');
    await user.type(captcha, 'ab12{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('身份证号码或密码错误');
    // A captcha is good for one try: the code is emptied and a new image asked for.
    expect((captcha as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(sentTo(sent, 'GET /api/v1/auth/captcha')).toHaveLength(2));
    expect(currentPath()).toBe('/login');
    expect(sessionStore.get()).toBeNull();
  });

  it('puts the cursor back in the captcha when the server refuses the code', async () => {
    mockApi({ ...CAPTCHA, [LOGIN]: problem('CAPTCHA_INVALID') });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, 'Tuan2026Jian');
    await user.type(captcha, 'zzzz');
    await user.click(button('登录')); // the cursor leaves the captcha
    expect((await screen.findByRole('alert')).textContent).toBe('验证码错误或已过期');
    await waitFor(() => expect(document.activeElement).toBe(captcha));
    expect((captcha as HTMLInputElement).value).toBe('');
  });

  it('tells how long to wait after too many attempts, as the server counts it', async () => {
    mockApi({
      ...CAPTCHA,
      [LOGIN]: problem('TOO_MANY_ATTEMPTS', { title: '尝试次数过多，请 900 秒后再试', retryAfter: 900 }),
    });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, 'Tuan2026Jian');
    await user.type(captcha, 'ab12{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('尝试次数过多，请 900 秒后再试');
  });

  it('says so when the server cannot be reached', async () => {
    mockApi({ ...CAPTCHA, [LOGIN]: () => Promise.reject(new TypeError('Failed to fetch')) });
    const { user, idNumber: id, password, captcha } = openLogin();
    await captchaShown();
    await user.type(id, ID);
    await user.type(password, 'Tuan2026Jian');
    await user.type(captcha, 'ab12{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('无法连接服务器，请检查网络后重试');
  });
});
