import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { allowsChild } from '@zhtj/contracts/org-tree';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { Org, OrgChangeRequest, OrgType } from '../../api/types';
import { ORG_TYPE } from '../../ui/labels';
import { contactPhoneRules, orgNameRules } from '../../forms/rules';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { ORG_FIELD } from './org-labels';

interface Authority {
  own: boolean;
  superior: boolean;
  manage: boolean;
}

interface OrgForm {
  name: string;
  shortName?: string;
  type: OrgType;
  contactPhone?: string;
  industry?: string;
}

const EDITABLE = ['name', 'shortName', 'type', 'contactPhone', 'industry'] as const;

/** How a changed value reads in a request: a cleared field as “（空）”, a type by its name. */
export const shownValue = (field: string, value: unknown): string =>
  value === null || value === undefined || value === ''
    ? '（空）'
    : field === 'type'
      ? (ORG_TYPE[String(value)] ?? String(value))
      : String(value);

/** The changes of a request, one line each: 字段：旧值 → 新值. */
export function ChangeList({ changes }: { changes: OrgChangeRequest['changes'] }) {
  return (
    <ul className="change-list">
      {Object.entries(changes).map(([field, { from, to }]) => (
        <li key={field}>
          {ORG_FIELD[field] ?? field}：{shownValue(field, from)} → {shownValue(field, to)}
        </li>
      ))}
    </ul>
  );
}

/**
 * 基本信息: the org's facts, and its edit. The superior's admin changes it at once; the org's own
 * admin asks, and the request waits for the superior (the root's admin has none: at once too).
 */
export function OrgInfo({ org, authority }: { org: Org; authority: Authority }) {
  const [editing, setEditing] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const appliesAtOnce = authority.superior || org.parentId === null;
  const pending = useQuery({
    queryKey: ['org-change-requests', 'self', org.id],
    enabled: authority.manage,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/change-requests', {
          params: { path: { id: org.id }, query: { about: 'self', status: 'pending' } },
        }),
      ),
  });
  const dissolve = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/orgs/{id}/dissolve', { params: { path: { id: org.id } }, body: { version: org.version } })),
    onSuccess: () => {
      void message.success('组织已撤销');
      void queryClient.invalidateQueries({ queryKey: ['org', org.id] });
      if (org.parentId) void queryClient.invalidateQueries({ queryKey: ['children', org.parentId] });
    },
  });
  const active = org.status === 'active';

  return (
    <div>
      {pending.data?.items.map((r) => (
        <Alert
          key={r.id}
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`变更申请待上级组织审批（${new Date(r.requestedAt).toLocaleString('zh-CN')} 由 ${r.requestedBy.name ?? '管理员'} 提交）`}
          description={<ChangeList changes={r.changes} />}
        />
      ))}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        title="组织信息"
        extra={
          authority.manage && active ? (
            <Space>
              <Button onClick={() => setEditing(true)}>{appliesAtOnce ? '编辑' : '申请变更'}</Button>
              {authority.superior ? (
                <Popconfirm
                  title="撤销该组织？"
                  description="撤销后不能在其下新建组织；有团员或下级组织的不能撤销。"
                  okText="撤销"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => dissolve.mutateAsync().catch(() => undefined)}
                >
                  <Button danger loading={dissolve.isPending}>
                    撤销组织
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : null
        }
      >
        <Descriptions.Item label="组织名称">{org.name}</Descriptions.Item>
        <Descriptions.Item label="组织简称">{org.shortName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="组织类型">{ORG_TYPE[org.type]}</Descriptions.Item>
        <Descriptions.Item label="状态">{active ? '正常' : '已撤销'}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{org.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="所属行业">{org.industry ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="建立时间">{new Date(org.createdAt).toLocaleDateString('zh-CN')}</Descriptions.Item>
        <Descriptions.Item label="最近修改">{new Date(org.updatedAt).toLocaleString('zh-CN')}</Descriptions.Item>
      </Descriptions>
      <ProblemAlert error={dissolve.error} />
      {editing ? <EditOrgDrawer org={org} appliesAtOnce={appliesAtOnce} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

function EditOrgDrawer({ org, appliesAtOnce, onClose }: { org: Org; appliesAtOnce: boolean; onClose: () => void }) {
  const [form] = Form.useForm<OrgForm>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // What the person saw when they began (their changes are against it), and the version they
  // send: a CONFLICT brings the current org, and only their own changes are sent again on it.
  const [start] = useState(org);
  const [base, setBase] = useState(org);
  const parent = useQuery({
    queryKey: ['org', org.parentId],
    enabled: !!org.parentId,
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}', { params: { path: { id: org.parentId! } } })),
    retry: false,
  });
  const save = useMutation({
    mutationFn: async (values: OrgForm) => {
      const changes: Record<string, string | null> = {};
      for (const field of EDITABLE) {
        const value = values[field]?.trim() || null;
        if (value !== (start[field] ?? null)) changes[field] = value;
      }
      if (Object.keys(changes).length === 0) return { unchanged: true as const };
      const { data, error, response } = await api.PATCH('/api/v1/orgs/{id}', {
        params: { path: { id: org.id } },
        body: { version: base.version, ...changes } as never,
      });
      if (error !== undefined || !response.ok) await unwrap(Promise.resolve({ data, error, response }));
      return { accepted: response.status === 202 };
    },
    onSuccess: (outcome) => {
      if ('unchanged' in outcome) void message.info('没有修改任何内容');
      else if (outcome.accepted) void message.success('变更申请已提交，待上级组织审批后生效');
      else void message.success('已保存，立即生效');
      void queryClient.invalidateQueries({ queryKey: ['org', org.id] });
      void queryClient.invalidateQueries({ queryKey: ['org-change-requests'] });
      if (org.parentId) void queryClient.invalidateQueries({ queryKey: ['children', org.parentId] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(error.errors.map((e) => ({ name: e.path as keyof OrgForm, errors: [e.message] })));
      if (error instanceof ApiProblem && error.code === 'CONFLICT') {
        // Someone saved meanwhile: show what is there now, keep the person's own edits to compare.
        void queryClient.invalidateQueries({ queryKey: ['org', org.id] });
        void unwrap(api.GET('/api/v1/orgs/{id}', { params: { path: { id: org.id } } })).then(setBase);
      }
    },
  });
  /** Under a field someone else changed meanwhile: what it holds now. */
  const current = (field: (typeof EDITABLE)[number]) =>
    (base[field] ?? null) !== (start[field] ?? null) ? `当前：${shownValue(field, base[field])}` : undefined;
  const types = (Object.keys(ORG_TYPE) as OrgType[]).filter((t) => !parent.data || allowsChild(parent.data.type, t));
  const fieldErrors = save.error instanceof ApiProblem && save.error.errors.length > 0;

  return (
    <Drawer
      open
      title={appliesAtOnce ? '编辑组织信息' : '申请变更组织信息'}
      onClose={onClose}
      size={480}
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
        title={appliesAtOnce ? '保存后立即生效。' : '本组织信息的变更需经上级组织管理员审批，提交后生成变更申请，批准后生效。'}
      />
      {save.error && !fieldErrors ? <ProblemAlert error={save.error} /> : null}
      {base.version !== start.version ? (
        <Typography.Paragraph type="warning">
          该组织信息已被他人修改：各项下方为当前内容。您的修改仍保留，核对后可重新提交（只提交您改动的项）。
        </Typography.Paragraph>
      ) : null}
      <Form<OrgForm>
        form={form}
        layout="vertical"
        disabled={save.isPending}
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          name: start.name,
          shortName: start.shortName ?? '',
          type: start.type,
          contactPhone: start.contactPhone ?? '',
          industry: start.industry ?? '',
        }}
      >
        <Form.Item label="组织名称" name="name" extra={current('name')} rules={orgNameRules}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="组织简称"
          name="shortName"
          extra={current('shortName')}
          rules={[{ max: 20, message: '简称不超过20个字' }]}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label="组织类型" name="type" extra={current('type') ?? '有团员的团支部、有下级组织的组织不能改为团支部'}>
          <Select aria-label="组织类型" options={types.map((t) => ({ value: t, label: ORG_TYPE[t] }))} />
        </Form.Item>
        <Form.Item label="联系电话" name="contactPhone" extra={current('contactPhone')} rules={contactPhoneRules}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label="所属行业" name="industry" extra={current('industry')} rules={[{ max: 50, message: '不超过50个字' }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
