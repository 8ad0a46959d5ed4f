import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  EDITABLE_MEMBER_FIELDS as EDITABLE,
  EDUCATION_LEVELS,
  ETHNICITIES,
  OCCUPATIONS,
  POLITICAL_STATUSES,
  type EditableMemberField,
  MEMBER_FIELD_LABELS,
} from '@zhtj/contracts/member-fields';
import { api, unwrap } from '../../api/client';
import type { PasswordResetCode } from '../../api/types';
import { ApiProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import { orgAuthority } from '../../session/authority';
import { useSession } from '../../session/useSession';
import { GENDER, IDENTITY_CHECK, MEMBER_STATUS, ORG_TYPE } from '../../ui/labels';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { ReadingRegion } from '../../ui/ReadingRegion';

/** GET /members/{id}: membership's member view with the branch and its path (the gateway's composed view). */
export type MemberDetail = paths['/api/v1/members/{id}']['get']['responses'][200]['content']['application/json'];

type MemberForm = Partial<Record<EditableMemberField, string>>;

/**
 * The editable fields' names: libs/contracts' (the import template's headers), but for the
 * employer, which the forms spell out for students.
 */
export const MEMBER_FIELD: Record<string, string> = { ...MEMBER_FIELD_LABELS, employer: '工作单位或就读学校' };

/** How a value reads in a change: a cleared field as “（空）”. */
export const shownMemberValue = (value: unknown): string =>
  value === null || value === undefined || value === '' ? '（空）' : String(value);

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const dash = (v: string | null | undefined) => (v ? v : '—');

/**
 * 团员详情 — one member as the server shows them to the caller (the ID number and phone in full
 * only for the managers of the branch), with what the caller may do: 编辑 (applied at once for the
 * managers), 重置密码码 (shown once), 删除 (to correct a wrong ID number). The branch's admin and
 * its direct superior's admin manage; admins above only view. The server decides; the page hides
 * what it would refuse.
 */
export function MemberDrawer({ memberId, onClose }: { memberId: string | undefined; onClose: () => void }) {
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const member = useQuery({
    queryKey: ['member', memberId],
    enabled: !!memberId,
    queryFn: () => unwrap(api.GET('/api/v1/members/{id}', { params: { path: { id: memberId! } } })),
  });
  const m = member.data;
  const manage = m ? orgAuthority(session, { id: m.branchId, ancestors: m.branchAncestors }).manage : false;
  const acts = manage && m?.status !== 'removed';

  const resetCode = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/members/{id}/password-reset-code', { params: { path: { id: memberId! } } })),
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/members/{id}', {
          params: { path: { id: memberId! }, query: { version: String(m!.version) } },
        }),
      ),
    onSuccess: () => {
      void message.success(`已删除团员 ${m?.name ?? ''}`);
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      queryClient.removeQueries({ queryKey: ['member', memberId] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'CONFLICT') void member.refetch();
    },
  });
  const close = () => {
    resetCode.reset();
    remove.reset();
    setEditing(false);
    onClose();
  };

  return (
    <Drawer
      open={!!memberId}
      title={m ? `团员信息 · ${m.name}` : '团员信息'}
      onClose={close}
      size={640}
      destroyOnHidden
      extra={
        acts ? (
          <Space>
            <Button onClick={() => setEditing(true)}>编辑</Button>
            <Button loading={resetCode.isPending} onClick={() => resetCode.mutate()}>
              重置密码码
            </Button>
            <Popconfirm
              title="删除该团员？"
              description={
                <div style={{ maxWidth: 280 }}>
                  删除用于纠正录错的身份证号码：身份证号码不能修改，请删除后以正确的号码重新添加。删除后该团员的账号不能再登录。
                </div>
              }
              okText="删除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => remove.mutateAsync().catch(() => undefined)}
            >
              <Button danger loading={remove.isPending}>
                删除
              </Button>
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      <QueryState loading={member.isPending && !!memberId} error={member.error} retry={() => void member.refetch()}>
        {m ? (
          <ReadingRegion label={`团员信息 · ${m.name}`}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {m.partial ? <Alert type="warning" showIcon title="所在组织的路径暂时未能加载，其余信息完整。" /> : null}
              {!manage ? (
                <Alert
                  type="info"
                  showIcon
                  title="您可查看该团员的信息；修改、删除和重置密码由其所在团支部或直接上级组织的管理员办理。"
                />
              ) : null}
              <ProblemAlert error={resetCode.error} title="未能生成密码重置码" />
              <ProblemAlert error={remove.error} title="未能删除该团员" />
              <Descriptions bordered size="small" column={1} styles={{ label: { width: 150 } }}>
                <Descriptions.Item label="姓名">{m.name}</Descriptions.Item>
                <Descriptions.Item label="性别">{GENDER[m.gender] ?? m.gender}</Descriptions.Item>
                <Descriptions.Item label="身份证号码">
                  {m.idNumber}
                  {m.idNumber.includes('*') ? (
                    <Typography.Text type="secondary">（仅所在团支部及其直接上级组织的管理员可见完整号码）</Typography.Text>
                  ) : null}
                </Descriptions.Item>
                {m.birthDate ? <Descriptions.Item label="出生日期">{m.birthDate}</Descriptions.Item> : null}
                <Descriptions.Item label="民族">{m.ethnicity}</Descriptions.Item>
                <Descriptions.Item label="政治面貌">{m.politicalStatus}</Descriptions.Item>
                <Descriptions.Item label="入团年月">{m.joinedAt}</Descriptions.Item>
                <Descriptions.Item label="发展团员编号">{dash(m.developmentNumber)}</Descriptions.Item>
                <Descriptions.Item label="全日制学历">{dash(m.educationFullTime)}</Descriptions.Item>
                <Descriptions.Item label="最高学历">{dash(m.educationHighest)}</Descriptions.Item>
                <Descriptions.Item label="职业">{dash(m.occupation)}</Descriptions.Item>
                <Descriptions.Item label="工作单位或就读学校">{dash(m.employer)}</Descriptions.Item>
                <Descriptions.Item label="手机号码">{dash(m.phone)}</Descriptions.Item>
                <Descriptions.Item label="所在团支部">
                  {m.branch ? `${m.branch.name}（${ORG_TYPE[m.branch.type] ?? m.branch.type}）` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="组织路径">{m.branchPath?.map((o) => o.name).join(' / ') ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="状态">
                  <Tag color={m.status === 'transferring' ? 'processing' : undefined}>{MEMBER_STATUS[m.status] ?? m.status}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="实名认证">
                  <Tag color={IDENTITY_CHECK[m.identityCheck]?.color}>{IDENTITY_CHECK[m.identityCheck]?.text}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="最近修改">{new Date(m.updatedAt).toLocaleString('zh-CN')}</Descriptions.Item>
              </Descriptions>
            </Space>
          </ReadingRegion>
        ) : null}
      </QueryState>
      {editing && m ? <EditMemberDrawer member={m} appliesAtOnce={manage} onClose={() => setEditing(false)} /> : null}
      {resetCode.data && m ? <ResetCodeModal name={m.name} issued={resetCode.data} onClose={() => resetCode.reset()} /> : null}
    </Drawer>
  );
}

/** The reset code, shown this once: the admin gives it to the member for 忘记密码. */
function ResetCodeModal({ name, issued, onClose }: { name: string; issued: PasswordResetCode; onClose: () => void }) {
  return (
    <Modal
      open
      title="密码重置码"
      onCancel={onClose}
      onOk={onClose}
      okText="我已交给团员"
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="重置码只显示这一次"
        description={`请将重置码交给 ${name} 本人：在登录页点击“忘记密码”，填写身份证号码、重置码和新密码即可。再次生成后，原重置码即失效。`}
      />
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label="重置码">
          <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }}>
            {issued.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="有效期至">{new Date(issued.expiresAt).toLocaleString('zh-CN')}</Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

/**
 * 编辑 — the FAQ's three ways: the branch's admin and its direct superior's admin change the info at
 * once (200); the member's own change becomes a request the branch admin decides (202); admins
 * above only view. A stale edit (409) shows what is there now and sends only the person's own
 * changes again, on the current version.
 */
export function EditMemberDrawer({
  member,
  appliesAtOnce,
  onClose,
}: {
  member: MemberDetail;
  appliesAtOnce: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<MemberForm>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [start] = useState(member);
  const [base, setBase] = useState(member);
  const save = useMutation({
    mutationFn: async (values: MemberForm) => {
      const changes: Record<string, string | null> = {};
      for (const field of EDITABLE) {
        const value = values[field]?.trim() || null;
        if (value !== (start[field] ?? null)) changes[field] = value;
      }
      if (Object.keys(changes).length === 0) return { unchanged: true as const };
      const { data, error, response } = await api.PATCH('/api/v1/members/{id}', {
        params: { path: { id: member.id } },
        body: { version: base.version, ...changes },
      });
      if (error !== undefined || !response.ok) await unwrap(Promise.resolve({ data, error, response }));
      return { accepted: response.status === 202 };
    },
    onSuccess: (outcome) => {
      if ('unchanged' in outcome) void message.info('没有修改任何内容');
      else if (outcome.accepted) void message.success('变更申请已提交，待团支部管理员审批后生效');
      else void message.success('已保存，立即生效');
      void queryClient.invalidateQueries({ queryKey: ['member', member.id] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      void queryClient.invalidateQueries({ queryKey: ['member-change-requests'] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(
          error.errors
            .filter((e) => (EDITABLE as readonly string[]).includes(e.path))
            .map((e) => ({ name: e.path as EditableMemberField, errors: [e.message] })),
        );
      if (error instanceof ApiProblem && error.code === 'CONFLICT') {
        // Someone saved meanwhile: show what is there now, keep the person's own edits to compare.
        void queryClient.invalidateQueries({ queryKey: ['member', member.id] });
        void unwrap(api.GET('/api/v1/members/{id}', { params: { path: { id: member.id } } })).then(setBase);
      }
    },
  });
  /** Under a field someone else changed meanwhile: what it holds now. */
  const current = (field: EditableMemberField) =>
    (base[field] ?? null) !== (start[field] ?? null) ? `当前：${shownMemberValue(base[field])}` : undefined;
  const fieldErrors =
    save.error instanceof ApiProblem && save.error.errors.some((e) => (EDITABLE as readonly string[]).includes(e.path));
  const extra = (field: EditableMemberField, note?: string) => current(field) ?? note;

  return (
    <Drawer
      open
      title={appliesAtOnce ? '编辑团员信息' : '申请变更团员信息'}
      onClose={onClose}
      size={520}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {appliesAtOnce ? '保存' : '提交申请'}
          </Button>
        </Space>
      }
    >
      <Alert
        type={appliesAtOnce ? 'success' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          appliesAtOnce
            ? '您是该团员所在团支部或其直接上级组织的管理员：保存后立即生效。'
            : '团员本人修改信息需经所在团支部管理员审批：提交后生成变更申请，批准后生效。'
        }
        description="身份证号码不能修改；录错的，请删除该团员后以正确的号码重新添加。"
      />
      {save.error && !fieldErrors ? <ProblemAlert error={save.error} /> : null}
      {base.version !== start.version ? (
        <Typography.Paragraph type="warning">
          {EDITABLE.some((f) => current(f))
            ? '该团员信息已被他人修改：各项下方为当前内容。您的修改仍保留，核对后可重新提交（只提交您改动的项）。'
            : '该团员的记录刚刚有更新（如实名认证结果），您改动的各项未被他人修改。您的修改仍保留，可直接重新提交。'}
        </Typography.Paragraph>
      ) : null}
      <Form<MemberForm>
        form={form}
        layout="vertical"
        disabled={save.isPending}
        onFinish={(v) => save.mutate(v)}
        initialValues={Object.fromEntries(EDITABLE.map((f) => [f, start[f] ?? undefined]))}
      >
        <Form.Item
          label="姓名"
          name="name"
          extra={current('name')}
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item label="民族" name="ethnicity" extra={current('ethnicity')} rules={[{ required: true, message: '请选择民族' }]}>
          <Select aria-label="民族" showSearch={{ optionFilterProp: 'label' }} options={options(ETHNICITIES)} />
        </Form.Item>
        <Form.Item
          label="政治面貌"
          name="politicalStatus"
          extra={current('politicalStatus')}
          rules={[{ required: true, message: '请选择政治面貌' }]}
        >
          <Select aria-label="政治面貌" options={options(POLITICAL_STATUSES)} />
        </Form.Item>
        <Form.Item
          label="入团年月"
          name="joinedAt"
          extra={current('joinedAt')}
          rules={[
            { required: true, message: '请输入入团年月' },
            { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '请按“2019-05”的格式填写' },
          ]}
        >
          <Input placeholder="如 2019-05" maxLength={7} />
        </Form.Item>
        <Form.Item
          label="发展团员编号"
          name="developmentNumber"
          extra={extra('developmentNumber', '2017年起入团的团员必填：12位数字，前4位为入团年份')}
          rules={[{ pattern: /^\d{12}$/, message: '发展团员编号为12位数字' }]}
        >
          <Input maxLength={12} />
        </Form.Item>
        <Form.Item label="全日制学历" name="educationFullTime" extra={current('educationFullTime')}>
          <Select aria-label="全日制学历" allowClear options={options(EDUCATION_LEVELS)} />
        </Form.Item>
        <Form.Item label="最高学历" name="educationHighest" extra={current('educationHighest')}>
          <Select aria-label="最高学历" allowClear options={options(EDUCATION_LEVELS)} />
        </Form.Item>
        <Form.Item label="职业" name="occupation" extra={current('occupation')}>
          <Select aria-label="职业" allowClear options={options(OCCUPATIONS)} />
        </Form.Item>
        <Form.Item label="工作单位或就读学校" name="employer" extra={current('employer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="手机号码"
          name="phone"
          extra={current('phone')}
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请输入11位手机号码' }]}
        >
          <Input maxLength={11} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
