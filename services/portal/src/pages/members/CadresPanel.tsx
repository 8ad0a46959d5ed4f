import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Segmented, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { CADRE_NATURES, CADRE_POSITIONS } from '@zhtj/contracts/member-fields';
import { api, unwrap } from '../../api/client';
import type { Cadre } from '../../api/types';
import { ApiProblem } from '../../api/problem';
import { idNumberRules } from '../../forms/rules';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';

interface CadreForm {
  memberId?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
  position: string;
  since: string;
  nature: string;
}

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** 团干部: the org's cadre positions (团内现任职务, 任现职年月, 团干部性质), and a new one for its managers. */
export function CadresPanel({ orgId, manage }: { orgId: string; manage: boolean }) {
  const [adding, setAdding] = useState(false);
  const cadres = useQuery({
    queryKey: ['cadres', orgId],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/cadres', { params: { path: { id: orgId }, query: { limit: '100' } } })),
  });
  return (
    <div>
      {manage ? (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setAdding(true)}>
          添加团干部
        </Button>
      ) : null}
      <QueryState loading={cadres.isPending} error={cadres.error} retry={() => void cadres.refetch()}>
        <Table<Cadre>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={cadres.data?.items ?? []}
          locale={{ emptyText: '该组织暂无团干部' }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '身份证号码', dataIndex: 'idNumber', width: 200 },
            { title: '手机号码', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
            { title: '团内现任职务', dataIndex: 'position' },
            { title: '任现职年月', dataIndex: 'since', width: 110 },
            { title: '团干部性质', dataIndex: 'nature', width: 110 },
          ]}
        />
        {cadres.data?.nextCursor ? <Typography.Text type="secondary">仅显示最早的100位。</Typography.Text> : null}
      </QueryState>
      {adding ? <AddCadreDialog orgId={orgId} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

/** A cadre: a member found by name, or a person given by name and ID number (a member elsewhere, or past league age). */
function AddCadreDialog({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const [form] = Form.useForm<CadreForm>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [who, setWho] = useState<'member' | 'person'>('member');
  const [typed, setTyped] = useState('');
  const members = useQuery({
    queryKey: ['members', orgId, 'subtree', typed.trim(), 'pick'],
    enabled: who === 'member',
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/members', {
          params: { path: { id: orgId }, query: { scope: 'subtree', limit: '20', ...(typed.trim() ? { q: typed.trim() } : {}) } },
        }),
      ),
  });
  const add = useMutation({
    mutationFn: (v: CadreForm) =>
      unwrap(
        api.POST('/api/v1/orgs/{id}/cadres', {
          params: { path: { id: orgId } },
          body: {
            ...(who === 'member'
              ? { memberId: v.memberId! }
              : {
                  name: v.name!.trim(),
                  idNumber: v.idNumber!.trim().toUpperCase(),
                  ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
                }),
            position: v.position,
            since: v.since.trim(),
            nature: v.nature,
          },
        }),
      ),
    onSuccess: () => {
      void message.success('已添加团干部');
      void queryClient.invalidateQueries({ queryKey: ['cadres', orgId] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(error.errors.map((e) => ({ name: e.path as keyof CadreForm, errors: [e.message] })));
    },
  });
  return (
    <Modal
      open
      title="添加团干部"
      onCancel={onClose}
      okText="保存"
      cancelText="取消"
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={add.error instanceof ApiProblem && add.error.errors.length > 0 ? null : add.error} />
      <Segmented
        aria-label="团干部来源"
        style={{ margin: '12px 0' }}
        value={who}
        onChange={(v) => setWho(v as 'member' | 'person')}
        options={[
          { label: '本组织团员', value: 'member' },
          { label: '按姓名和身份证号码', value: 'person' },
        ]}
      />
      <Form<CadreForm> form={form} layout="vertical" disabled={add.isPending} onFinish={(v) => add.mutate(v)}>
        {who === 'member' ? (
          <Form.Item label="团员" name="memberId" rules={[{ required: true, message: '请选择团员' }]}>
            <Select
              aria-label="团员"
              showSearch={{ filterOption: false, onSearch: setTyped }}
              placeholder="输入姓名查找本组织的团员"
              loading={members.isFetching}
              notFoundContent={members.isFetching ? '查找中…' : '没有找到该团员'}
              options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.idNumber}）` }))}
            />
          </Form.Item>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} size={0}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item label="手机号码" name="phone" rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请输入11位手机号码' }]}>
              <Input maxLength={11} />
            </Form.Item>
          </Space>
        )}
        <Form.Item label="团内现任职务" name="position" rules={[{ required: true, message: '请选择团内现任职务' }]}>
          <Select aria-label="团内现任职务" options={options(CADRE_POSITIONS)} />
        </Form.Item>
        <Form.Item
          label="任现职年月"
          name="since"
          rules={[
            { required: true, message: '请输入任现职年月' },
            { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '请按“2023-09”的格式填写' },
          ]}
        >
          <Input placeholder="如 2023-09" maxLength={7} />
        </Form.Item>
        <Form.Item label="团干部性质" name="nature" rules={[{ required: true, message: '请选择团干部性质' }]}>
          <Select aria-label="团干部性质" options={options(CADRE_NATURES)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
