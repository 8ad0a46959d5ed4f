import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AddMemberDrawer } from '../../src/pages/AddMemberDrawer';
import { idNumber, json, mockApi, problem, sentTo, withWrongCheck } from './api-mock';
import { ADMIN_SESSION, button, expectFieldErrors, renderPage } from './render';

const ADD = 'POST /api/v1/orgs/branch-1/members';
/** Born 2005-04-01; its check character is X. */
const ID_X = idNumber('44010620050401103');

function openDrawer() {
  const onClose = vi.fn();
  const page = renderPage(<AddMemberDrawer branchId="branch-1" open onClose={onClose} />, { session: ADMIN_SESSION });
  const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
  return { ...page, onClose, field, save: button('保存') };
}

describe('添加团员', () => {
  it('says what is missing under each required field, and sends nothing', async () => {
    const sent = mockApi({});
    const { user, save } = openDrawer();
    await user.click(save);
    await expectFieldErrors({
      姓名: '请输入姓名',
      身份证号码: '请输入身份证号码',
      // 民族 and 政治面貌 start as 汉族 and 共青团员; the rest may stay empty.
      民族: '',
      政治面貌: '',
      入团年月: '请输入入团年月',
      发展团员编号: '',
      手机号码: '',
    });
    expect(sent).toEqual([]);
  });

  it('checks the ID number, 入团年月, 发展团员编号 and the phone as they are typed', async () => {
    const sent = mockApi({});
    const { user, field, save } = openDrawer();
    await user.type(field('身份证号码'), withWrongCheck(ID_X));
    await user.tab();
    await expectFieldErrors({ 身份证号码: '身份证号码校验位不正确，请核对' });

    await user.type(field('入团年月'), '2019-5');
    await expectFieldErrors({ 入团年月: '请按“2019-05”的格式填写' });
    await user.clear(field('入团年月'));
    await user.type(field('入团年月'), '2019-13');
    await expectFieldErrors({ 入团年月: '请按“2019-05”的格式填写' });
    await user.clear(field('入团年月'));
    await user.type(field('入团年月'), '2019-05');
    await expectFieldErrors({ 入团年月: '' });

    await user.type(field('发展团员编号'), '20191234567');
    await expectFieldErrors({ 发展团员编号: '发展团员编号为12位数字' });
    await user.type(field('发展团员编号'), '8');
    await expectFieldErrors({ 发展团员编号: '' });

    await user.type(field('手机号码'), '12800138000');
    await expectFieldErrors({ 手机号码: '请输入11位手机号码' });

    await user.type(field('姓名'), '张小明');
    await user.click(save);
    await expectFieldErrors({
      手机号码: '请输入11位手机号码',
      身份证号码: '身份证号码校验位不正确，请核对',
    });
    expect(sent).toEqual([]);
  });

  it('sends the member as the API expects — trimmed, the X in capitals, empty fields as null — and closes', async () => {
    const sent = mockApi({ [ADD]: json({ id: 'member-1' }, 201) });
    const { user, field, save, onClose } = openDrawer();
    await user.type(field('姓名'), ' 张小明 ');
    await user.type(field('身份证号码'), ID_X.toLowerCase());
    await user.type(field('入团年月'), '2019-05');
    await user.type(field('发展团员编号'), '201944010001');
    await user.type(field('手机号码'), '13800138000');
    await user.click(save);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [request] = sentTo(sent, ADD);
    expect(request?.body).toEqual({
      name: '张小明',
      idNumber: ID_X,
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      joinedAt: '2019-05',
      developmentNumber: '201944010001',
      educationFullTime: null,
      educationHighest: null,
      occupation: null,
      employer: null,
      phone: '13800138000',
    });
    expect(request?.headers.get('authorization')).toBe(`Bearer ${ADMIN_SESSION.accessToken}`);
  });

  it('shows the server’s field problems under the fields it names (the joining age, a missing development number)', async () => {
    mockApi({
      [ADD]: problem('VALIDATION_FAILED', {
        errors: [
          { path: 'joinedAt', code: 'JOINED_TOO_YOUNG' },
          { path: 'developmentNumber', code: 'DEVELOPMENT_NUMBER_REQUIRED' },
        ],
      }),
    });
    const { user, field, save, onClose } = openDrawer();
    await user.type(field('姓名'), '张小明');
    await user.type(field('身份证号码'), ID_X);
    await user.type(field('入团年月'), '2017-01'); // 11 years old: the page cannot tell, the server can
    await user.click(save);
    await expectFieldErrors({
      入团年月: '入团时年龄不符合要求：2017年起入团须年满13周岁，此前须年满12周岁',
      发展团员编号: '2017年及以后入团的团员须填写发展团员编号',
      姓名: '',
    });
    // The fields say it all: no alert with the general "请求内容有误" over them.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows a month in the future as the server refuses it, at 入团年月', async () => {
    mockApi({ [ADD]: problem('VALIDATION_FAILED', { errors: [{ path: 'joinedAt', code: 'JOINED_AT_INVALID' }] }) });
    const { user, field, save } = openDrawer();
    await user.type(field('姓名'), '张小明');
    await user.type(field('身份证号码'), ID_X);
    await user.type(field('入团年月'), '2099-01');
    await user.click(save);
    await expectFieldErrors({ 入团年月: '入团年月应为“2015-05”的格式，且不能晚于当前月份' });
  });

  it('shows a refusal that names no field in an alert (the ID number is already a member)', async () => {
    mockApi({ [ADD]: problem('MEMBER_ALREADY_EXISTS') });
    const { user, field, save, onClose } = openDrawer();
    await user.type(field('姓名'), '张小明');
    await user.type(field('身份证号码'), ID_X);
    await user.type(field('入团年月'), '2016-05');
    await user.click(save);
    expect((await screen.findByRole('alert')).textContent).toBe('该身份证号码的团员已存在');
    expect(onClose).not.toHaveBeenCalled();
  });
});
