import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { unreadMessagesQuery } from '../api/messages';
import { ApiProblem } from '../api/problem';
import { QueryState } from '../ui/QueryState';

const when = (at: string) => new Date(at).toLocaleString('zh-CN');
type Shown = 'all' | 'unread';

/**
 * 站内消息: what the system told me and my orgs — transfers waiting for me, imports finished,
 * new admins of my child orgs — newest first. Opening one marks it read and goes to its page.
 */
export function MessagesPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<Shown>('all');
  const unread = useQuery(unreadMessagesQuery());
  const messages = useInfiniteQuery({
    queryKey: ['messages', 'list', shown],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/messages', {
          params: {
            query: {
              limit: '20',
              ...(shown === 'unread' ? { unread: 'true' } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['messages'] });
  const fail = (error: unknown) => message.error(error instanceof ApiProblem ? error.message : '操作失败，请稍后重试');
  const open = useMutation({
    mutationFn: async (m: { id: string; read: boolean; link: string }) => {
      if (!m.read) await unwrap(api.POST('/api/v1/messages/{id}/read', { params: { path: { id: m.id } } }));
      return m.link;
    },
    onSuccess: async (link) => {
      await refresh();
      navigate(link);
    },
    onError: fail,
  });
  const readAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/messages/read-all')),
    onSuccess: async ({ marked }) => {
      message.success(marked > 0 ? `已将 ${marked} 条消息标为已读` : '没有未读消息');
      await refresh();
    },
    onError: fail,
  });
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = unread.data?.unread ?? 0;

  return (
    <Card
      title={
        <Space>
          站内消息
          {unreadCount > 0 ? <Badge count={unreadCount} aria-label={`${unreadCount} 条未读`} /> : null}
        </Space>
      }
      extra={
        <Space wrap>
          <Segmented<Shown>
            aria-label="显示哪些消息"
            value={shown}
            onChange={setShown}
            options={[
              { label: '全部', value: 'all' },
              { label: '未读', value: 'unread' },
            ]}
          />
          <Button onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={unreadCount === 0}>
            全部标为已读
          </Button>
        </Space>
      }
    >
      <QueryState
        loading={messages.isPending}
        error={messages.error}
        retry={() => void messages.refetch()}
        empty={items.length === 0}
        emptyText={shown === 'unread' ? '没有未读消息' : '暂无消息'}
      >
        <List
          dataSource={items}
          renderItem={(m) => (
            <List.Item
              actions={[
                <Button
                  key="open"
                  type="link"
                  onClick={() => open.mutate(m)}
                  loading={open.isPending && open.variables?.id === m.id}
                  aria-label={`查看：${m.title}`}
                >
                  查看
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {m.read ? null : <Tag color="red">未读</Tag>}
                    <Typography.Text strong={!m.read}>{m.title}</Typography.Text>
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={2}>
                    <Typography.Text>{m.body}</Typography.Text>
                    <Typography.Text type="secondary">{when(m.createdAt)}</Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
        {messages.hasNextPage ? (
          <Button onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage}>
            加载更早的消息
          </Button>
        ) : null}
      </QueryState>
    </Card>
  );
}
