import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ALLOWED_CHILD_TYPES } from '@zhtj/contracts/org-tree';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { downloadFile } from '../../api/files';
import { ApiProblem } from '../../api/problem';
import type { GeneratedCode, Org, OrgType } from '../../api/types';
import { ORG_TYPE } from '../../ui/labels';
import { contactPhoneRules, orgNameRules } from '../../forms/rules';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { CODE_STATE } from './org-labels';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CODES_NOTE = '生成新的注册码后，该组织原有的注册码即失效。注册码只显示这一次，请妥善保存并交给下级组织的管理员。';

/**
 * 下级组织管理: the direct children, a new child, and their admins' registration codes — made for
 * the chosen children or all of them, shown once or handed out as the batch workbook (批量导出管理员
 * 注册码), each child's code state beside it. Codes are for the org's own admin only.
 */
export function ChildOrgs({ org, own }: { org: Org; own: boolean }) {
  const { modal } = App.useApp();
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<GeneratedCode[]>();
  const queryClient = useQueryClient();
  const children = useQuery({
    queryKey: ['children', org.id, 'page'],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/children', { params: { path: { id: org.id }, query: { limit: '200' } } })),
  });
  const codes = useQuery({
    queryKey: ['registration-codes', org.id],
    enabled: own,
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/registration-codes', { params: { path: { id: org.id } } })),
  });
  const stateOf = new Map((codes.data?.items ?? []).map((c) => [c.orgId, c]));
  const refreshCodes = () => void queryClient.invalidateQueries({ queryKey: ['registration-codes', org.id] });
  const body = selected.length > 0 ? { childOrgIds: selected } : {};
  const generate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/orgs/{id}/registration-codes', { params: { path: { id: org.id } }, body })),
    onSuccess: (answer) => {
      setIssued(answer.items);
      refreshCodes();
    },
  });
  const exportCodes = useMutation({
    mutationFn: () =>
      downloadFile(`/api/v1/orgs/${org.id}/registration-codes`, '管理员注册码.xlsx', {
        method: 'POST',
        headers: { accept: XLSX, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSuccess: refreshCodes,
  });
  const downloadStates = useMutation({
    mutationFn: () => downloadFile(`/api/v1/orgs/${org.id}/registration-codes.xlsx`, '管理员注册码状态.xlsx'),
  });
  const scope = selected.length > 0 ? `选中的 ${selected.length} 个下级组织` : '全部下级组织';
  const confirm = (action: () => void) =>
    modal.confirm({
      title: `为${scope}生成管理员注册码？`,
      content: CODES_NOTE,
      okText: '生成',
      cancelText: '取消',
      onOk: action,
    });
  const active = org.status === 'active';

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        {own && active ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建下级组织
          </Button>
        ) : null}
        {own && active ? (
          <>
            <Button loading={generate.isPending} onClick={() => confirm(() => generate.mutate())}>
              生成注册码（{selected.length > 0 ? `选中 ${selected.length} 个` : '全部'}）
            </Button>
            <Button loading={exportCodes.isPending} onClick={() => confirm(() => exportCodes.mutate())}>
              批量导出管理员注册码
            </Button>
            <Button loading={downloadStates.isPending} onClick={() => downloadStates.mutate()}>
              下载注册码状态表
            </Button>
          </>
        ) : null}
      </Space>
      {!own ? <Typography.Paragraph type="secondary">下级组织的管理员注册码由本组织的管理员生成。</Typography.Paragraph> : null}
      <ProblemAlert error={generate.error ?? exportCodes.error ?? downloadStates.error ?? codes.error} />
      <QueryState loading={children.isPending} error={children.error} retry={() => void children.refetch()}>
        <Table<Org>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={children.data?.items ?? []}
          locale={{ emptyText: '暂无下级组织' }}
          rowSelection={
            own && active ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined
          }
          columns={[
            { title: '组织名称', render: (_, o) => <Link to={`/orgs/${o.id}`}>{o.name}</Link> },
            { title: '类型', render: (_, o) => ORG_TYPE[o.type], width: 90 },
            { title: '书记', render: (_, o) => o.secretary?.name ?? '—', width: 100 },
            ...(own
              ? [
                  {
                    title: '管理员注册码',
                    key: 'code',
                    render: (_: unknown, o: Org) => {
                      const c = stateOf.get(o.id);
                      if (!c) return codes.isPending ? '…' : '—';
                      return (
                        <Space size={4}>
                          <Tag color={CODE_STATE[c.state]?.color}>{CODE_STATE[c.state]?.text}</Tag>
                          {c.code ? <Typography.Text code>{c.code}</Typography.Text> : null}
                          {c.expiresAt && c.state === 'active' ? (
                            <Typography.Text type="secondary">
                              至 {new Date(c.expiresAt).toLocaleDateString('zh-CN')}
                            </Typography.Text>
                          ) : null}
                        </Space>
                      );
                    },
                  },
                ]
              : []),
          ]}
        />
        {children.data?.nextCursor ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            仅显示前200个下级组织。
          </Typography.Paragraph>
        ) : null}
      </QueryState>
      {creating ? <CreateChildDrawer parent={org} onClose={() => setCreating(false)} /> : null}
      {issued ? <IssuedCodes codes={issued} onClose={() => setIssued(undefined)} /> : null}
    </div>
  );
}

/** The codes just made: this is the one time they can be seen. */
function IssuedCodes({ codes, onClose }: { codes: GeneratedCode[]; onClose: () => void }) {
  return (
    <Modal
      open
      title="管理员注册码"
      onCancel={onClose}
      onOk={onClose}
      okText="我已保存"
      cancelButtonProps={{ style: { display: 'none' } }}
      width={640}
    >
      <Alert type="warning" showIcon title={CODES_NOTE} style={{ marginBottom: 12 }} />
      <Table
        size="small"
        rowKey="orgId"
        pagination={false}
        dataSource={codes}
        locale={{ emptyText: '没有可生成注册码的下级组织' }}
        columns={[
          { title: '组织名称', dataIndex: 'orgName' },
          {
            title: '管理员注册码',
            dataIndex: 'code',
            render: (code: string) => (
              <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }}>
                {code}
              </Typography.Text>
            ),
          },
          { title: '有效期至', dataIndex: 'expiresAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
        ]}
      />
    </Modal>
  );
}

interface ChildForm {
  name: string;
  shortName?: string;
  type: OrgType;
  contactPhone?: string;
  industry?: string;
}

/** 新建下级组织: the types the tree allows under this org, the name unique among its siblings (the server checks). */
function CreateChildDrawer({ parent, onClose }: { parent: Org; onClose: () => void }) {
  const [form] = Form.useForm<ChildForm>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const types: readonly OrgType[] = ALLOWED_CHILD_TYPES[parent.type];
  const create = useMutation({
    mutationFn: (v: ChildForm) => {
      const optional = (value?: string) => (value?.trim() ? value.trim() : undefined);
      return unwrap(
        api.POST('/api/v1/orgs', {
          body: {
            parentId: parent.id,
            name: v.name.trim(),
            type: v.type,
            shortName: optional(v.shortName),
            contactPhone: optional(v.contactPhone),
            industry: optional(v.industry),
          },
        }),
      );
    },
    onSuccess: (child) => {
      void message.success(`已建立 ${child.name}`);
      void queryClient.invalidateQueries({ queryKey: ['children', parent.id] });
      void queryClient.invalidateQueries({ queryKey: ['registration-codes', parent.id] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(error.errors.map((e) => ({ name: e.path as keyof ChildForm, errors: [e.message] })));
    },
  });
  const fieldErrors = create.error instanceof ApiProblem && create.error.errors.length > 0;
  return (
    <Drawer
      open
      title={`新建下级组织 · ${parent.name}`}
      onClose={onClose}
      size={480}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {create.error && !fieldErrors ? <ProblemAlert error={create.error} /> : null}
      <Form<ChildForm>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        onFinish={(v) => create.mutate(v)}
        initialValues={{ type: types.includes('branch') ? 'branch' : types[0] }}
      >
        <Form.Item label="组织名称" name="name" rules={orgNameRules}>
          <Input maxLength={50} placeholder="如 高一(1)班团支部" />
        </Form.Item>
        <Form.Item label="组织类型" name="type" rules={[{ required: true, message: '请选择组织类型' }]}>
          <Select aria-label="组织类型" options={types.map((t) => ({ value: t, label: ORG_TYPE[t] }))} />
        </Form.Item>
        <Form.Item label="组织简称" name="shortName" rules={[{ max: 20, message: '简称不超过20个字' }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label="联系电话" name="contactPhone" rules={contactPhoneRules}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label="所属行业" name="industry" rules={[{ max: 50, message: '不超过50个字' }]}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
