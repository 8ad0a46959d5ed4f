import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { MemberChangeRequest } from '../../api/types';
import { DecisionControls, type Decision } from '../../ui/DecisionControls';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { MEMBER_FIELD, shownMemberValue } from './MemberDrawer';
import { CHANGE_REQUEST_STATUS } from '../../ui/labels';

/** The changes of a request, one line each: 字段：旧值 → 新值. */
export function MemberChangeList({ changes }: { changes: MemberChangeRequest['changes'] }) {
  return (
    <ul className="change-list">
      {Object.entries(changes).map(([field, { from, to }]) => (
        <li key={field}>
          {MEMBER_FIELD[field] ?? field}：{shownMemberValue(from)} → {shownMemberValue(to)}
        </li>
      ))}
    </ul>
  );
}

/**
 * 团员信息变更审批: the changes the members of a branch asked for in their own info, decided by the
 * branch's managers. Approving applies the diff on the record as it is now; a request whose fields
 * changed meanwhile is refused as stale, and the server's message names them.
 */
export function MemberChangeInbox({ branchId, onOpenMember }: { branchId: string; onOpenMember?: (id: string) => void }) {
  const [status, setStatus] = useState<'pending' | 'all'>('pending');
  const [opened, setOpened] = useState<MemberChangeRequest>();
  const requests = useQuery({
    queryKey: ['member-change-requests', branchId, status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/member-change-requests', {
          params: { path: { id: branchId }, query: { status, limit: '100' } },
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
        <Table<MemberChangeRequest>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={requests.data?.items ?? []}
          locale={{ emptyText: status === 'pending' ? '暂无待审批的团员信息变更申请' : '暂无团员信息变更申请' }}
          columns={[
            {
              title: '团员',
              render: (_, r) =>
                onOpenMember ? (
                  <Button type="link" style={{ padding: 0 }} onClick={() => onOpenMember(r.memberId)}>
                    {r.memberName}
                  </Button>
                ) : (
                  r.memberName
                ),
            },
            { title: '变更内容', render: (_, r) => <MemberChangeList changes={r.changes} /> },
            { title: '申请人', render: (_, r) => r.requestedBy.name ?? '—', width: 100 },
            { title: '申请时间', render: (_, r) => new Date(r.requestedAt).toLocaleString('zh-CN'), width: 170 },
            {
              title: '状态',
              width: 90,
              render: (_, r) => <Tag color={CHANGE_REQUEST_STATUS[r.status]?.color}>{CHANGE_REQUEST_STATUS[r.status]?.text}</Tag>,
            },
            {
              title: '操作',
              width: 110,
              render: (_, r) =>
                r.status === 'pending' ? (
                  <Button size="small" type="primary" onClick={() => setOpened(r)} aria-label={`审批 ${r.memberName} 的变更申请`}>
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

function DecideDialog({ request, onClose }: { request: MemberChangeRequest; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ action, body }: Decision) =>
      unwrap(api.POST(`/api/v1/member-change-requests/{id}/${action}`, { params: { path: { id: request.id } }, body })),
    onSuccess: (answer) => {
      void message.success(answer.changeRequest.status === 'approved' ? '已批准，变更已生效' : '已驳回');
      void queryClient.invalidateQueries({ queryKey: ['member-change-requests'] });
      void queryClient.invalidateQueries({ queryKey: ['member', request.memberId] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      onClose();
    },
    onError: () => {
      // A stale or already decided request: the list shows where it stands now.
      void queryClient.invalidateQueries({ queryKey: ['member-change-requests'] });
    },
  });
  return (
    <Modal open title={`团员信息变更申请 · ${request.memberName}`} onCancel={onClose} footer={null}>
      <MemberChangeList changes={request.changes} />
      <Typography.Paragraph type="secondary">
        {request.requestedBy.name ?? request.memberName} 于 {new Date(request.requestedAt).toLocaleString('zh-CN')} 提交
      </Typography.Paragraph>
      <ProblemAlert error={decide.error} />
      <DecisionControls pending={decide.isPending} onDecide={(d) => decide.mutate(d)} />
    </Modal>
  );
}
