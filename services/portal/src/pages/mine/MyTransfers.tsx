import { useQuery } from '@tanstack/react-query';
import { Card, Collapse, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import type { Transfer } from '../../api/types';
import { ORG_TYPE, TRANSFER_STATUS } from '../../ui/labels';
import { QueryState } from '../../ui/QueryState';
import { TransferTimeline } from '../../ui/TransferTimeline';

const OPEN = new Set(['pending', 'approved', 'awaiting_assignment']);

/** What an open transfer waits for, in the member's words. */
function nextStep(t: Transfer): string | null {
  if (t.status === 'pending') return `等待${t.toOrg.name}审批`;
  if (t.status === 'approved') return '已批准，正在办理转接';
  if (t.status === 'awaiting_assignment') return `等待${t.toOrg.name}分配团支部`;
  return null;
}

function TransferDetail({ t }: { t: Transfer }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="转出团支部">{t.fromBranch?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="转入组织">
          {t.toOrg.name}（{ORG_TYPE[t.toOrg.type] ?? t.toOrg.type}）
        </Descriptions.Item>
        {t.assignedBranch ? <Descriptions.Item label="分配到">{t.assignedBranch.name}</Descriptions.Item> : null}
        <Descriptions.Item label="转接原因">{t.reason.text ?? t.reason.code}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>办理记录</Typography.Text>
      <TransferTimeline history={t.history} />
    </Space>
  );
}

/**
 * 我的组织关系转接: my transfer's status while it is open (what it waits for, each step so far) and
 * the transfers I had before, newest first.
 */
export function MyTransfers() {
  const transfers = useQuery({
    queryKey: ['transfers', 'about-me'],
    queryFn: () => unwrap(api.GET('/api/v1/transfers', { params: { query: { about: 'me', limit: '50' } } })),
  });
  const items = (transfers.data?.items ?? []).slice().reverse();
  const open = items.filter((t) => OPEN.has(t.status));
  const closed = items.filter((t) => !OPEN.has(t.status));
  return (
    <Card title="我的组织关系转接">
      <QueryState loading={transfers.isPending} error={transfers.error} retry={() => void transfers.refetch()}>
        {items.length === 0 ? <Empty description="暂无组织关系转接记录" /> : null}
        {open.map((t) => (
          <div key={t.id} className="page-stack">
            <Space wrap>
              <Tag color={TRANSFER_STATUS[t.status]?.color}>{TRANSFER_STATUS[t.status]?.text}</Tag>
              <Typography.Text>{nextStep(t)}</Typography.Text>
            </Space>
            <TransferDetail t={t} />
          </div>
        ))}
        {closed.length > 0 ? (
          <Collapse
            items={closed.map((t) => ({
              key: t.id,
              label: (
                <Space wrap>
                  <Tag color={TRANSFER_STATUS[t.status]?.color}>{TRANSFER_STATUS[t.status]?.text}</Tag>
                  <span>
                    {t.fromBranch?.name ?? '—'} → {t.assignedBranch?.name ?? t.toOrg.name}
                  </span>
                </Space>
              ),
              children: <TransferDetail t={t} />,
            }))}
          />
        ) : null}
      </QueryState>
    </Card>
  );
}
