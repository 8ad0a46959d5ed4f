import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { OrgChangeRequest } from '../../api/types';
import { DecisionControls, type Decision } from '../../ui/DecisionControls';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { ChangeList } from './OrgInfo';
import { CHANGE_REQUEST_STATUS } from '../../ui/labels';

/**
 * 下级变更审批: the info changes my direct children asked for. Approving applies the diff on the
 * org as it is now; a request whose fields changed meanwhile is refused as stale, naming them.
 */
export function OrgChangeInbox({ orgId }: { orgId: string }) {
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const [opened, setOpened] = useState<OrgChangeRequest>();
  const requests = useQuery({
    queryKey: ['org-change-requests', 'children', orgId, status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/change-requests', {
          params: { path: { id: orgId }, query: { about: 'children', status, limit: '100' } },
        }),
      ),
  });
  return (
    <div>
      <Segmented
        aria-label="申请状态"
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => setStatus(v as 'pending' | 'all')}
        options={[
          { label: '待审批', value: 'pending' },
          { label: '全部', value: 'all' },
        ]}
      />
      <QueryState loading={requests.isPending} error={requests.error} retry={() => void requests.refetch()}>
        <Table<OrgChangeRequest>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={requests.data?.items ?? []}
          locale={{ emptyText: status === 'pending' ? '暂无待审批的变更申请' : '暂无变更申请' }}
          columns={[
            { title: '组织', render: (_, r) => <Link to={`/orgs/${r.orgId}`}>{r.orgName}</Link> },
            { title: '变更内容', render: (_, r) => <ChangeList changes={r.changes} /> },
            { title: '申请人', render: (_, r) => r.requestedBy.name ?? '—', width: 100 },
            { title: '申请时间', render: (_, r) => new Date(r.requestedAt).toLocaleString('zh-CN'), width: 170 },
            {
              title: '状态',
              width: 90,
              render: (_, r) => <Tag color={CHANGE_REQUEST_STATUS[r.status]?.color}>{CHANGE_REQUEST_STATUS[r.status]?.text}</Tag>,
            },
            {
              title: '操作',
              width: 90,
              render: (_, r) =>
                r.status === 'pending' ? (
                  <Button size="small" type="primary" onClick={() => setOpened(r)} aria-label={`审批 ${r.orgName} 的变更申请`}>
                    审批
                  </Button>
                ) : (
                  (r.comment ?? '')
                ),
            },
          ]}
        />
        {requests.data?.nextCursor ? <Typography.Text type="secondary">仅显示最早的100条。</Typography.Text> : null}
      </QueryState>
      {opened ? <DecideDialog request={opened} onClose={() => setOpened(undefined)} /> : null}
    </div>
  );
}

function DecideDialog({ request, onClose }: { request: OrgChangeRequest; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ action, body }: Decision) =>
      unwrap(api.POST(`/api/v1/org-change-requests/{id}/${action}`, { params: { path: { id: request.id } }, body })),
    onSuccess: (answer) => {
      void message.success(answer.changeRequest.status === 'approved' ? '已批准，变更已生效' : '已驳回');
      void queryClient.invalidateQueries({ queryKey: ['org-change-requests'] });
      void queryClient.invalidateQueries({ queryKey: ['org', request.orgId] });
      void queryClient.invalidateQueries({ queryKey: ['children'] });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      onClose();
    },
  });
  return (
    <Modal open title={`变更申请 · ${request.orgName}`} onCancel={onClose} footer={null}>
      <ChangeList changes={request.changes} />
      <Typography.Paragraph type="secondary">
        {request.requestedBy.name ?? '管理员'} 于 {new Date(request.requestedAt).toLocaleString('zh-CN')} 提交
      </Typography.Paragraph>
      <ProblemAlert error={decide.error} />
      <DecisionControls pending={decide.isPending} onDecide={(d) => decide.mutate(d)} />
    </Modal>
  );
}
