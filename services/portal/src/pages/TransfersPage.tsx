import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { orgQuery } from '../api/queries';
import type { Transfer } from '../api/types';
import { useChildBranches } from '../api/useChildBranches';
import { idNumberRules, transferReasonTextRules } from '../forms/rules';
import { adminOrgIds } from '../session/session';
import { useSession } from '../session/useSession';
import { ORG_TYPE, TRANSFER_STATUS } from '../ui/labels';
import { OrgSearchSelect } from '../ui/OrgSearchSelect';
import { DecisionControls, type Decision } from '../ui/DecisionControls';
import { ProblemAlert } from '../ui/ProblemAlert';
import { QueryState } from '../ui/QueryState';
import { TransferTimeline } from '../ui/TransferTimeline';

const listTransfers = (query: { awaiting?: 'me'; orgId?: string; status?: 'open' }) =>
  unwrap(api.GET('/api/v1/transfers', { params: { query: { ...query, limit: '100' } } }));

/**
 * 组织关系接转 — 管理中心—业务办理—组织关系接转办理: what waits for me (approve or reject with a
 * comment, 分配团支部 for a transfer my committee / general branch approved), the open transfers of
 * my org, 办理转入 by name and ID number, and each transfer's history as a timeline.
 */
export function TransfersPage() {
  const session = useSession();
  const orgId = adminOrgIds(session)[0];
  const [opened, setOpened] = useState<Transfer>();
  // `?id=`: a link to one transfer (a message's 查看) opens it over the lists.
  const [params, setParams] = useSearchParams();
  const linkedId = params.get('id');
  const linked = useQuery({
    queryKey: ['transfer', linkedId],
    enabled: !!linkedId,
    queryFn: () => unwrap(api.GET('/api/v1/transfers/{id}', { params: { path: { id: linkedId! } } })),
  });
  const shown = opened ?? (linkedId ? linked.data : undefined);
  const close = () => {
    setOpened(undefined);
    if (linkedId)
      setParams(
        (current) => {
          current.delete('id');
          return current;
        },
        { replace: true },
      );
  };
  const awaiting = useQuery({ queryKey: ['transfers', 'awaiting'], queryFn: () => listTransfers({ awaiting: 'me' }) });
  const open = useQuery({
    queryKey: ['transfers', 'org', orgId],
    enabled: !!orgId,
    queryFn: () => listTransfers({ orgId: orgId!, status: 'open' }),
  });
  const table = (data: { items: Transfer[] } | undefined, actions: boolean) => (
    <Table<Transfer>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={data?.items ?? []}
      locale={{ emptyText: actions ? '暂无待办的转接' : '暂无进行中的转接' }}
      columns={[
        { title: '团员', render: (_, t) => t.member.name },
        { title: '方向', render: (_, t) => (t.direction === 'in' ? '转入' : '转出') },
        { title: '转出团支部', render: (_, t) => t.fromBranch?.name ?? '—' },
        { title: '转入组织', render: (_, t) => `${t.toOrg.name ?? '—'}（${ORG_TYPE[t.toOrg.type] ?? t.toOrg.type}）` },
        {
          title: '状态',
          render: (_, t) => <Tag color={TRANSFER_STATUS[t.status]?.color}>{TRANSFER_STATUS[t.status]?.text}</Tag>,
        },
        { title: '申请时间', render: (_, t) => new Date(t.createdAt).toLocaleDateString('zh-CN') },
        {
          title: '操作',
          render: (_, t) => (
            <Button
              size="small"
              type={actions ? 'primary' : 'default'}
              onClick={() => setOpened(t)}
              aria-label={`办理 ${t.member.name} 的转接`}
            >
              {actions ? '办理' : '查看'}
            </Button>
          ),
        },
      ]}
    />
  );
  return (
    <Card title="组织关系接转">
      {linkedId && linked.error ? <ProblemAlert error={linked.error} title="无法打开这条转接" /> : null}
      <Tabs
        items={[
          {
            key: 'awaiting',
            label: `待我办理${awaiting.data ? `（${awaiting.data.items.length}${awaiting.data.nextCursor ? '+' : ''}）` : ''}`,
            children: (
              <QueryState loading={awaiting.isPending} error={awaiting.error} retry={() => void awaiting.refetch()}>
                {table(awaiting.data, true)}
              </QueryState>
            ),
          },
          {
            key: 'open',
            label: '本组织进行中',
            children: (
              <QueryState loading={open.isPending} error={open.error} retry={() => void open.refetch()}>
                {table(open.data, false)}
              </QueryState>
            ),
          },
          { key: 'in', label: '办理转入', children: orgId ? <TransferInForm orgId={orgId} /> : null },
          { key: 'out', label: '办理转出', children: orgId ? <TransferOutForm orgId={orgId} /> : null },
        ]}
      />
      {shown ? <TransferDialog key={shown.id} transfer={shown} onClose={close} /> : null}
    </Card>
  );
}

/** One transfer: its facts, its history, and what the caller may do now (the server decides). */
function TransferDialog({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const [branchId, setBranchId] = useState<string>();
  const reasons = useTransferReasons();
  const t = useQuery({
    queryKey: ['transfer', transfer.id],
    queryFn: () => unwrap(api.GET('/api/v1/transfers/{id}', { params: { path: { id: transfer.id } } })),
    initialData: transfer,
  }).data;
  const branches = useChildBranches(t.toOrg.id, t.status === 'awaiting_assignment');
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['transfers'] });
    void queryClient.invalidateQueries({ queryKey: ['transfer', transfer.id] });
    void queryClient.invalidateQueries({ queryKey: ['me'] });
  };
  const decide = useMutation({
    mutationFn: ({ action, body }: Decision) =>
      unwrap(api.POST(`/api/v1/transfers/{id}/${action}`, { params: { path: { id: t.id } }, body })),
    onSuccess: done,
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/transfers/{id}/cancel', { params: { path: { id: t.id } } })),
    onSuccess: done,
  });
  const assign = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/transfers/{id}/assign', { params: { path: { id: t.id } }, body: { branchId: branchId! } })),
    onSuccess: done,
  });
  return (
    <Modal open title={`组织关系转接 · ${t.member.name}`} onCancel={onClose} footer={null} width={640}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="状态">
          <Tag color={TRANSFER_STATUS[t.status]?.color}>{TRANSFER_STATUS[t.status]?.text}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="转出团支部">{t.fromBranch?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="转入组织">{t.toOrg.name}</Descriptions.Item>
        {t.assignedBranch ? <Descriptions.Item label="分配到">{t.assignedBranch.name}</Descriptions.Item> : null}
        <Descriptions.Item label="转接原因">
          {t.reason.text ?? reasons.labels.get(t.reason.code) ?? t.reason.code}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        办理记录
      </Typography.Title>
      <TransferTimeline history={t.history} />
      <ProblemAlert error={decide.error ?? assign.error ?? cancel.error} />
      {t.status === 'pending' && t.requestedBy.accountId === session?.account.id ? (
        <Button style={{ marginTop: 12 }} loading={cancel.isPending} onClick={() => cancel.mutate()}>
          撤回申请
        </Button>
      ) : null}
      {t.status === 'pending' && t.awaitingOrgIds.some((id) => adminOrgIds(session).includes(id)) ? (
        <DecisionControls pending={decide.isPending} onDecide={(d) => decide.mutate(d)} placeholder="审批意见（驳回时必填）" />
      ) : null}
      {t.status === 'awaiting_assignment' ? (
        <Space style={{ marginTop: 12 }}>
          <Select
            aria-label="分配到团支部"
            placeholder="请选择团支部"
            style={{ width: 280 }}
            loading={branches.isPending}
            value={branchId}
            onChange={setBranchId}
            options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
          />
          <Button type="primary" disabled={!branchId} loading={assign.isPending} onClick={() => assign.mutate()}>
            分配团支部
          </Button>
        </Space>
      ) : null}
    </Modal>
  );
}

interface TransferInValues {
  memberName: string;
  memberIdNumber: string;
  toBranchId: string;
  reason: string;
  text?: string;
}

/** The reasons a transfer may give, from the server (GET /transfer-reasons), with their labels. */
function useTransferReasons() {
  const query = useQuery({
    queryKey: ['transfer-reasons'],
    queryFn: () => unwrap(api.GET('/api/v1/transfer-reasons')),
    staleTime: Infinity,
  });
  const labels = new Map((query.data?.items ?? []).map((r) => [r.code, r.label]));
  return { ...query, labels };
}

/** 办理转入: the person's exact name and ID number, the branch of mine they join, and why. */
function TransferInForm({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TransferInValues>();
  const org = useQuery(orgQuery(orgId));
  const branches = useChildBranches(orgId, !!org.data && org.data.type !== 'branch');
  const reasons = useTransferReasons();
  const create = useMutation({
    mutationFn: (v: TransferInValues) =>
      unwrap(
        api.POST('/api/v1/transfers', {
          body: {
            direction: 'in',
            toBranchId: v.toBranchId,
            memberName: v.memberName.trim(),
            memberIdNumber: v.memberIdNumber.trim(),
            reason: { code: v.reason, ...(v.text ? { text: v.text } : {}) },
          },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['transfers'] });
    },
  });
  const myBranches = org.data?.type === 'branch' ? [org.data] : (branches.data ?? []);
  const reason = Form.useWatch('reason', form);
  return (
    <Form<TransferInValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 480 }}
      onFinish={(v) => create.mutate(v)}
      disabled={create.isPending}
    >
      {create.isSuccess ? (
        <Typography.Paragraph type="success" role="status">
          已提交转入申请，等待 {create.data.member.name} 所在团支部或其上级审批。
        </Typography.Paragraph>
      ) : null}
      <ProblemAlert error={create.error} />
      <Form.Item label="姓名" name="memberName" rules={[{ required: true, message: '请输入转入团员的姓名' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item label="身份证号码" name="memberIdNumber" rules={idNumberRules} validateTrigger="onBlur">
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item label="转入团支部" name="toBranchId" rules={[{ required: true, message: '请选择转入的团支部' }]}>
        <Select aria-label="转入团支部" options={myBranches.map((b) => ({ value: b.id, label: b.name }))} placeholder="请选择" />
      </Form.Item>
      <Form.Item label="转接原因" name="reason" rules={[{ required: true, message: '请选择转接原因' }]}>
        <Select
          aria-label="转接原因"
          loading={reasons.isPending}
          options={(reasons.data?.items ?? []).map((r) => ({ value: r.code, label: r.label }))}
        />
      </Form.Item>
      {reason === 'other' ? (
        <Form.Item label="具体原因" name="text" rules={transferReasonTextRules}>
          <Input.TextArea maxLength={200} />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        提交转入申请
      </Button>
    </Form>
  );
}

interface TransferOutValues {
  memberId: string;
  toOrgId: string;
  reason: string;
  text?: string;
}

/**
 * 办理转出: a member of my org (found by the start of their name), the org they go to (found by
 * part of its name anywhere in the tree: a committee, working committee or general branch assigns
 * the branch after approving), and why.
 */
function TransferOutForm({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TransferOutValues>();
  const [typed, setTyped] = useState('');
  const reasons = useTransferReasons();
  const members = useQuery({
    queryKey: ['members', orgId, 'subtree', typed.trim(), 'pick'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/members', {
          params: { path: { id: orgId }, query: { scope: 'subtree', limit: '20', ...(typed.trim() ? { q: typed.trim() } : {}) } },
        }),
      ),
  });
  const create = useMutation({
    mutationFn: (v: TransferOutValues) =>
      unwrap(
        api.POST('/api/v1/transfers', {
          body: {
            direction: 'out',
            memberId: v.memberId,
            toOrgId: v.toOrgId,
            reason: { code: v.reason, ...(v.text ? { text: v.text } : {}) },
          },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['transfers'] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
    },
  });
  const reason = Form.useWatch('reason', form);
  return (
    <Form<TransferOutValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 520 }}
      onFinish={(v) => create.mutate(v)}
      disabled={create.isPending}
    >
      {create.isSuccess ? (
        <Typography.Paragraph type="success" role="status">
          已提交 {create.data.member.name} 转往 {create.data.toOrg.name} 的申请，等待转入组织审批。
        </Typography.Paragraph>
      ) : null}
      <ProblemAlert error={create.error} />
      <Form.Item label="转出团员" name="memberId" rules={[{ required: true, message: '请选择要转出的团员' }]}>
        <Select
          aria-label="转出团员"
          showSearch={{ filterOption: false, onSearch: setTyped }}
          placeholder="输入姓名查找本组织的团员"
          loading={members.isFetching}
          notFoundContent={members.isFetching ? '查找中…' : '没有找到该团员'}
          options={(members.data?.items ?? [])
            .filter((m) => m.status === 'active')
            .map((m) => ({ value: m.id, label: `${m.name}（${m.idNumber}）` }))}
        />
      </Form.Item>
      <Form.Item
        label="转入组织"
        name="toOrgId"
        extra="可选择团委、团工委、团总支或团支部；转入团委等组织的，由其审批后分配团支部"
        rules={[{ required: true, message: '请查找并选择转入的组织' }]}
      >
        <OrgSearchSelect aria-label="转入组织" />
      </Form.Item>
      <Form.Item label="转接原因" name="reason" rules={[{ required: true, message: '请选择转接原因' }]}>
        <Select
          aria-label="转接原因"
          loading={reasons.isPending}
          options={(reasons.data?.items ?? []).map((r) => ({ value: r.code, label: r.label }))}
        />
      </Form.Item>
      {reason === 'other' ? (
        <Form.Item label="具体原因" name="text" rules={transferReasonTextRules}>
          <Input.TextArea maxLength={200} />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        提交转出申请
      </Button>
    </Form>
  );
}
