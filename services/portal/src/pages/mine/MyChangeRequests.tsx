import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { CHANGE_REQUEST_STATUS } from '../../ui/labels';
import { QueryState } from '../../ui/QueryState';
import { MemberChangeList } from '../members/MemberChangeInbox';

const when = (at: string) => new Date(at).toLocaleString('zh-CN');

/**
 * 我的信息变更申请: what I asked to change in my own record, whether the branch has decided, and
 * what it said — so a member need not ask their secretary whether the request arrived.
 */
export function MyChangeRequests({ memberId }: { memberId: string }) {
  const requests = useInfiniteQuery({
    queryKey: ['member-change-requests', 'of', memberId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/members/{id}/change-requests', {
          params: { path: { id: memberId }, query: { status: 'all', limit: '20', ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // The newest first: a member looks for the one they just sent.
  const items = (requests.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse();
  return (
    <Card title="我的信息变更申请">
      <QueryState loading={requests.isPending} error={requests.error} retry={() => void requests.refetch()}>
        <List
          dataSource={items}
          locale={{ emptyText: '暂无变更申请。需要修改信息时，请点击“申请修改”。' }}
          renderItem={(r) => (
            <List.Item>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={CHANGE_REQUEST_STATUS[r.status]?.color}>{CHANGE_REQUEST_STATUS[r.status]?.text}</Tag>
                  <Typography.Text type="secondary">提交于 {when(r.requestedAt)}</Typography.Text>
                </Space>
                <MemberChangeList changes={r.changes} />
                {r.status === 'pending' ? (
                  <Typography.Text type="secondary">等待所在团支部管理员审批</Typography.Text>
                ) : (
                  <Typography.Text>
                    {r.decidedBy?.name ?? '管理员'}于 {r.decidedAt ? when(r.decidedAt) : '—'}
                    {r.status === 'approved' ? '批准' : '驳回'}
                    {r.comment ? `：${r.comment}` : ''}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
        {requests.hasNextPage ? (
          <Button onClick={() => void requests.fetchNextPage()} loading={requests.isFetchingNextPage}>
            加载更早的申请
          </Button>
        ) : null}
      </QueryState>
    </Card>
  );
}
