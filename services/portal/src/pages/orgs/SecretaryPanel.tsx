import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { Org } from '../../api/types';
import { idNumberRules } from '../../forms/rules';
import { ProblemAlert } from '../../ui/ProblemAlert';

interface SecretaryForm {
  name: string;
  idNumber: string;
}

/**
 * 书记: who it is, a new one (verified by the server; on failure the FAQ's advice — enter the
 * deputy first and change the secretary later — with the failing fields), and those before.
 * The ID number is in full for those who manage the org, masked for other viewers.
 */
export function SecretaryPanel({ org, manage }: { org: Org; manage: boolean }) {
  const [form] = Form.useForm<SecretaryForm>();
  const [editing, setEditing] = useState(false);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const history = useQuery({
    queryKey: ['secretary-history', org.id],
    enabled: manage,
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/secretary/history', { params: { path: { id: org.id } } })),
  });
  const save = useMutation({
    mutationFn: (v: SecretaryForm) =>
      unwrap(
        api.PUT('/api/v1/orgs/{id}/secretary', {
          params: { path: { id: org.id } },
          body: { name: v.name.trim(), idNumber: v.idNumber.trim().toUpperCase() },
        }),
      ),
    onSuccess: () => {
      void message.success('书记信息已保存');
      form.resetFields();
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['org', org.id] });
      void queryClient.invalidateQueries({ queryKey: ['secretary-history', org.id] });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(error.errors.map((e) => ({ name: e.path as keyof SecretaryForm, errors: [e.message] })));
    },
  });
  const s = org.secretary;
  return (
    <div>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        title="团组织书记"
        extra={
          manage && org.status === 'active' && !editing ? (
            <Button onClick={() => setEditing(true)}>{s ? '变更书记' : '设置书记'}</Button>
          ) : null
        }
      >
        <Descriptions.Item label="姓名">{s?.name ?? '未设置'}</Descriptions.Item>
        <Descriptions.Item label="身份证号码">{s?.idNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="核验">
          {s ? <Tag color={s.verified ? 'success' : 'warning'}>{s.verified ? '已核验' : '未核验'}</Tag> : '—'}
        </Descriptions.Item>
      </Descriptions>
      {editing ? (
        <Form<SecretaryForm>
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          disabled={save.isPending}
          onFinish={(v) => save.mutate(v)}
          aria-label="设置书记"
        >
          <Form.Item label="书记姓名" name="name" rules={[{ required: true, message: '请输入书记姓名' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
            <Input maxLength={18} style={{ width: 200 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </Space>
        </Form>
      ) : null}
      {save.error ? (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={save.error} />
        </div>
      ) : null}
      {manage && history.data && history.data.items.length > 0 ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            历任书记
          </Typography.Title>
          <Table
            size="small"
            rowKey={(r) => `${r.idNumber}:${r.setAt}`}
            pagination={false}
            dataSource={history.data.items}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '身份证号码', dataIndex: 'idNumber' },
              { title: '任职起', dataIndex: 'setAt', render: (v: string) => new Date(v).toLocaleDateString('zh-CN') },
              { title: '任职止', dataIndex: 'replacedAt', render: (v: string) => new Date(v).toLocaleDateString('zh-CN') },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
