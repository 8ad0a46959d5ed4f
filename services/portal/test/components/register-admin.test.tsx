import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RegisterAdminPage } from '../../src/pages/RegisterAdminPage';
import { CAPTCHA, idNumber, json, mockApi, problem, sentTo, type SentRequest } from './api-mock';
import { button, expectFieldErrors, findAlert, renderPage } from './render';

const ID = idNumber('44010619900401123');
const REGISTER = 'POST /api/v1/auth/register-admin';
const ORG = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  name: '广州市第一中学团委',
  type: 'committee',
  path: ['共青团广州市委员会'],
};
const ORG_SEARCH = {
  'GET /api/v1/org-search': (r: SentRequest) => json({ items: r.query.get('q') === '第一中学' ? [ORG] : [], nextCursor: null }),
};
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

async function openRegister() {
  const page = renderPage(<RegisterAdminPage />, { path: '/register' });
  await screen.findByLabelText('验证码图片，点击换一张');
  return { ...page, submit: button('注册') };
}

/** Finds the org by part of its name and picks it, as a person does. */
async function chooseOrg(user: Awaited<ReturnType<typeof openRegister>>['user']) {
  await user.type(field('所在组织'), '第一中学');
  await user.click(await screen.findByText('广州市第一中学团委（团委）'));
}

async function fillTheRest(user: Awaited<ReturnType<typeof openRegister>>['user'], code = 'Ab3dE5gH') {
  await user.type(field('管理员注册码'), code);
  await user.type(field('姓名'), '陈书记');
  await user.type(field('身份证号码'), ID);
  await user.type(field('手机号码'), '13800138000');
  await user.type(field('密码'), 'Tuan2026Jian');
  await user.type(field('确认密码'), 'Tuan2026Jian');
  await user.type(field('验证码'), 'ab12');
}

describe('管理员注册', () => {
  it('asks for the org, the code and every detail before sending anything', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, submit } = await openRegister();
    await user.click(submit);
    await expectFieldErrors({
      所在组织: '请查找并选择要注册管理员的组织',
      管理员注册码: '请输入管理员注册码',
      姓名: '请输入姓名',
      身份证号码: '请输入身份证号码',
      手机号码: '请输入手机号码',
      密码: '请输入新密码',
      确认密码: '请再次输入新密码',
      验证码: '请输入验证码',
    });
    expect(sentTo(sent, REGISTER)).toEqual([]);
  });

  it('refuses a code or name of spaces, a short phone number and a confirmation that differs', async () => {
    const sent = mockApi({ ...CAPTCHA });
    const { user, submit } = await openRegister();
    await user.type(field('管理员注册码'), '   ');
    await user.type(field('姓名'), '  ');
    await user.type(field('手机号码'), '1380013800');
    await user.type(field('密码'), 'Tuan2026Jian');
    await user.type(field('确认密码'), 'Tuan2026');
    await user.click(submit);
    await expectFieldErrors({
      管理员注册码: '请输入管理员注册码',
      姓名: '请输入姓名',
      手机号码: '请输入11位手机号码',
      确认密码: '两次输入的密码不一致',
    });
    expect(sentTo(sent, REGISTER)).toEqual([]);
  });

  it('finds the org by part of its name, asks for two characters first, and sends the registration', async () => {
    const sent = mockApi({ ...CAPTCHA, ...ORG_SEARCH, [REGISTER]: json({ accountId: 'acc-2' }, 201) });
    const { user, submit } = await openRegister();
    await user.type(field('所在组织'), '第');
    expect(await screen.findByText('请输入至少两个字')).toBeTruthy();
    await user.clear(field('所在组织'));
    await chooseOrg(user);
    await expectFieldErrors({ 所在组织: '' });
    // One search per pause in typing, not per key.
    expect(sentTo(sent, 'GET /api/v1/org-search').map((r) => r.query.get('q'))).toEqual(['第一中学']);
    await fillTheRest(user, ' Ab3dE5gH ');
    await user.click(submit);
    expect(await screen.findByText('注册成功')).toBeTruthy();
    expect(sentTo(sent, REGISTER)[0]?.body).toEqual({
      orgId: ORG.id,
      registrationCode: 'Ab3dE5gH',
      name: '陈书记',
      idNumber: ID,
      phone: '13800138000',
      password: 'Tuan2026Jian',
      captchaId: 'captcha-1',
      captchaCode: 'ab12',
    });
  });

  it('shows a mismatched code as the server says it, with the FAQ’s advice', async () => {
    const sent = mockApi({
      ...CAPTCHA,
      ...ORG_SEARCH,
      [REGISTER]: problem('REGISTRATION_CODE_MISMATCH', { title: '您所填写的管理员注册码不是广州市第一中学团委的注册码' }),
    });
    const { user, submit } = await openRegister();
    await chooseOrg(user);
    await fillTheRest(user);
    await user.click(submit);
    await findAlert('您所填写的管理员注册码不是广州市第一中学团委的注册码');
    await findAlert(
      '请核对：注册码区分大小写；所选组织须是注册码对应的组织；注册码只能使用一次，且上级重新生成后原注册码失效。如仍不能注册，请联系上级组织管理员重新生成。',
    );
    expect(field('验证码').value).toBe('');
    await waitFor(() => expect(sentTo(sent, 'GET /api/v1/auth/captcha')).toHaveLength(2));
  });

  it('tells who makes a new code when this one was used', async () => {
    mockApi({ ...CAPTCHA, ...ORG_SEARCH, [REGISTER]: problem('REGISTRATION_CODE_USED') });
    const { user, submit } = await openRegister();
    await chooseOrg(user);
    await fillTheRest(user);
    await user.click(submit);
    await findAlert('该管理员注册码已被使用');
    await findAlert('每个注册码只能使用一次。请联系上级组织管理员重新生成注册码。');
  });

  it('puts the server’s field problems under the fields it names (its `password` is the 密码 field)', async () => {
    mockApi({
      ...CAPTCHA,
      ...ORG_SEARCH,
      [REGISTER]: problem('VALIDATION_FAILED', {
        errors: [
          { path: 'name', code: 'PERSON_NAME_INVALID' },
          { path: 'password', code: 'PASSWORD_POLICY' },
        ],
      }),
    });
    const { user, submit } = await openRegister();
    await chooseOrg(user);
    await fillTheRest(user);
    await user.click(submit);
    await expectFieldErrors({
      姓名: '姓名应为2至20个汉字，少数民族姓名可用间隔号“·”分隔',
      密码: '密码至少8位，须同时包含字母和数字，且不能与初始密码相同',
      身份证号码: '',
    });
  });
});
