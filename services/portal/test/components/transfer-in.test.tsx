import { screen, waitFor } from '@testing-library/react';
import { TRANSFER_REASONS } from '@zhtj/contracts';
import { describe, expect, it } from 'vitest';
import { TransfersPage } from '../../src/pages/TransfersPage';
import { idNumber, json, mockApi, problem, sentTo, withWrongCheck } from './api-mock';
import { ADMIN_SESSION, button, chooseOption, expectFieldErrors, findAlert, renderPage } from './render';

const ID = idNumber('44010620050401123');
const CREATE = 'POST /api/v1/transfers';
const COMMITTEE = ADMIN_SESSION.account.roles[0]!.orgId;
const BRANCH = { id: '6f1c2a4e-0000-4000-8000-0000000000b1', name: '高一（1）班团支部', type: 'branch', status: 'active' };
/** What 组织关系接转 reads: the lists, the admin's org (a committee), its branches, the reasons. */
const PAGE = {
  'GET /api/v1/transfers': json({ items: [], nextCursor: null }),
  [`GET /api/v1/orgs/${COMMITTEE}`]: json({ id: COMMITTEE, name: '广州市第一中学团委', type: 'committee', status: 'active' }),
  [`GET /api/v1/orgs/${COMMITTEE}/children`]: json({
    items: [BRANCH, { ...BRANCH, id: 'dissolved', name: '已撤销团支部', status: 'dissolved' }],
    nextCursor: null,
  }),
  'GET /api/v1/transfer-reasons': json({ items: TRANSFER_REASONS }),
};
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

/** 组织关系接转 — 办理转入, with the branches and reasons loaded. */
async function openTransferIn(routes: Parameters<typeof mockApi>[0] = {}) {
  const sent = mockApi({ ...PAGE, ...routes });
  const page = renderPage(<TransfersPage />, { path: '/transfers', session: ADMIN_SESSION });
  await page.user.click(screen.getByText('办理转入'));
  await waitFor(() => expect(sentTo(sent, 'GET /api/v1/transfer-reasons')).toHaveLength(1));
  return { ...page, sent, submit: button('提交转入申请') };
}

async function fill(user: Awaited<ReturnType<typeof openTransferIn>>['user'], reason: string) {
  await user.type(field('姓名'), ' 张小明 ');
  await user.type(field('身份证号码'), ID);
  await chooseOption(user, field('转入团支部'), BRANCH.name);
  await chooseOption(user, field('转接原因'), reason);
}

describe('办理转入', () => {
  it('asks for the name, the ID number, the branch and the reason before sending', async () => {
    const { user, submit, sent } = await openTransferIn();
    await user.click(submit);
    await expectFieldErrors({
      姓名: '请输入转入团员的姓名',
      身份证号码: '请输入身份证号码',
      转入团支部: '请选择转入的团支部',
      转接原因: '请选择转接原因',
    });
    expect(sentTo(sent, CREATE)).toEqual([]);
  });

  it('refuses an ID number with a wrong check digit, and offers only active branches', async () => {
    const { user, submit, sent } = await openTransferIn();
    await user.type(field('身份证号码'), withWrongCheck(ID));
    await user.tab();
    await expectFieldErrors({ 身份证号码: '身份证号码校验位不正确，请核对' });
    await user.click(field('转入团支部'));
    await waitFor(() => expect(document.querySelector(`[title="${BRANCH.name}"]`)).not.toBeNull());
    expect(document.querySelector('[title="已撤销团支部"]')).toBeNull();
    await user.click(submit);
    await expectFieldErrors({ 身份证号码: '身份证号码校验位不正确，请核对' });
    expect(sentTo(sent, CREATE)).toEqual([]);
  });

  it('asks for words when the reason is 其他: at least ten characters', async () => {
    const { user, submit, sent } = await openTransferIn();
    await fill(user, '其他');
    await user.type(await screen.findByLabelText('具体原因'), '家庭搬迁');
    await user.click(submit);
    await expectFieldErrors({ 具体原因: '请填写具体原因（至少10个字）' });
    expect(sentTo(sent, CREATE)).toEqual([]);
  });

  it('counts the words of 其他 as the server does: spaces around them are not words', async () => {
    // transfer's checkReason trims the text and counts characters (code points): each of these is
    // refused there with TRANSFER_REASON_INVALID, so the page must not send them.
    const { user, submit, sent } = await openTransferIn();
    await fill(user, '其他');
    const text = await screen.findByLabelText('具体原因');
    for (const words of [' '.repeat(10), '   家庭搬迁到外地   ', '🎓🎓🎓🎓🎓']) {
      await user.clear(text);
      await user.type(text, words);
      await user.click(submit);
      await expectFieldErrors({ 具体原因: '请填写具体原因（至少10个字）' });
    }
    expect(sentTo(sent, CREATE)).toEqual([]);
  });

  it('sends the transfer-in as the API expects and says whose approval it waits for', async () => {
    const { user, submit, sent } = await openTransferIn({
      [CREATE]: json({ id: 'transfer-1', member: { id: 'member-1', name: '张小明' }, status: 'pending' }, 201),
    });
    await fill(user, '升学');
    await user.click(submit);
    expect((await screen.findByText('已提交转入申请，等待 张小明 所在团支部或其上级审批。')).getAttribute('role')).toBe('status');
    expect(sentTo(sent, CREATE)[0]?.body).toEqual({
      direction: 'in',
      toBranchId: BRANCH.id,
      memberName: '张小明',
      memberIdNumber: ID,
      reason: { code: 'study' },
    });
    // The form is empty again for the next person.
    expect(field('姓名').value).toBe('');
  });

  it('sends 其他 with its words', async () => {
    const { user, submit, sent } = await openTransferIn({
      [CREATE]: json({ id: 'transfer-1', member: { id: 'member-1', name: '张小明' }, status: 'pending' }, 201),
    });
    await fill(user, '其他');
    await user.type(await screen.findByLabelText('具体原因'), '随父母工作调动迁居本市');
    await user.click(submit);
    await screen.findByText('已提交转入申请，等待 张小明 所在团支部或其上级审批。');
    expect(sentTo(sent, CREATE)[0]?.body).toMatchObject({ reason: { code: 'other', text: '随父母工作调动迁居本市' } });
  });

  it('shows the server’s answer when no member has that name and ID number', async () => {
    const { user, submit } = await openTransferIn({ [CREATE]: problem('MEMBER_NOT_FOUND') });
    await fill(user, '工作调动');
    await user.click(submit);
    await findAlert('未找到该团员');
    expect(field('姓名').value).toBe(' 张小明 '); // kept, to be corrected
  });
});
