import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EDUCATION_LEVELS, POLITICAL_STATUSES } from '@zhtj/contracts/member-fields';
import { api, unwrap } from '../api/client';
import { downloadFile } from '../api/files';
import { ApiProblem } from '../api/problem';
import { statisticsQuery } from '../api/queries';
import type { OrgStatistics as Figures } from '../api/types';
import { EChart, type ChartDatum } from '../ui/EChart';
import { ORG_TYPE } from '../ui/labels';
import { QueryState } from '../ui/QueryState';

const AGE_BANDS: Array<[string, string]> = [
  ['under14', '14岁以下'],
  ['14to18', '14-18岁'],
  ['18to22', '18-22岁'],
  ['22to25', '22-25岁'],
  ['25to28', '25-28岁'],
  ['over28', '28岁以上'],
];
const TRANSFER_WORDS: Record<string, string> = {
  pending: '待审批',
  approved: '转接中',
  awaiting_assignment: '待分配',
  completed: '已完成',
  rejected: '已驳回',
  cancelled: '已撤回',
  expired: '已过期',
  failed: '未能转接',
};

/** A pie's slices from labelled counts, the empty ones left out (a slice of 0 is only a label). */
const slices = (counts: ReadonlyArray<readonly [string, number]>): ChartDatum[] =>
  counts.filter(([, value]) => value > 0).map(([name, value]) => ({ name, value }));

/** The counts of a breakdown in the lists' order, then anything else the server counted (未填写, 其他). */
function inOrder(counts: Record<string, number>, order: readonly string[]): ChartDatum[] {
  const rest = Object.entries(counts).filter(([name]) => !order.includes(name));
  return slices([...order.map((name) => [name, counts[name] ?? 0] as const), ...rest]);
}

/**
 * 团员统计 — the figures of an org's whole subtree, live (statistics keeps them from the event
 * streams): the totals, charts of gender, 政治面貌, age bands, 民族 and 学历, and each direct
 * child's figures in a table that drills down, downloadable as a workbook.
 */
export function StatisticsPage() {
  const { orgId = '' } = useParams();
  const { message } = App.useApp();
  const figures = useQuery(statisticsQuery(orgId));
  const children = useInfiniteQuery({
    queryKey: ['statistics', orgId, 'children'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orgs/{id}/statistics/children', {
          params: { path: { id: orgId }, query: { limit: '50', ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: figures.isSuccess,
  });
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/api/v1/orgs/${encodeURIComponent(orgId)}/statistics.xlsx`, '团员统计.xlsx');
    } catch (error) {
      message.error(error instanceof ApiProblem ? error.message : '下载失败，请稍后重试');
    } finally {
      setDownloading(false);
    }
  };
  const f: Figures | undefined = figures.data;
  const rows: Figures[] = children.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            团员统计
          </Typography.Title>
          {f?.name ? (
            <Typography.Text type="secondary">
              {f.name}
              {f.type ? `（${ORG_TYPE[f.type]}）` : ''}及全部下级
            </Typography.Text>
          ) : null}
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading} disabled={!f}>
          下载统计表
        </Button>
      }
    >
      <QueryState loading={figures.isPending} error={figures.error} retry={() => void figures.refetch()}>
        {f ? (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              数据随团员、组织与接转的变化实时更新
              {f.updatedAt ? `，最近更新于 ${new Date(f.updatedAt).toLocaleString('zh-CN', { hour12: false })}` : ''}。
            </Typography.Text>
            <Row gutter={[16, 16]}>
              {[
                ['团员总数', f.members],
                ['团干部', f.cadres.total],
                ['团支部', f.branches.total],
                ['空心团支部', f.branches.withoutMembers],
                ['无团干团支部', f.branches.withoutCadres],
                [`${f.transfers.year}年转出（已完成）`, f.transfers.status.completed ?? 0],
              ].map(([title, value]) => (
                <Col key={title} xs={12} md={8} xl={4}>
                  <Statistic title={title} value={value} />
                </Col>
              ))}
            </Row>
            {f.members === 0 ? (
              <Typography.Text type="secondary">本组织及下级暂无团员数据。</Typography.Text>
            ) : (
              <Row gutter={[24, 24]}>
                <Col xs={24} lg={8}>
                  <EChart
                    title="性别"
                    kind="pie"
                    data={slices([
                      ['男', f.gender.male],
                      ['女', f.gender.female],
                    ])}
                  />
                </Col>
                <Col xs={24} lg={8}>
                  <EChart title="政治面貌" kind="pie" data={inOrder(f.politicalStatus, POLITICAL_STATUSES)} />
                </Col>
                <Col xs={24} lg={8}>
                  <EChart
                    title="民族"
                    kind="pie"
                    data={slices([
                      ['汉族', f.ethnicGroup.han],
                      ['少数民族', f.ethnicGroup.minority],
                      ['未填写', f.ethnicGroup.unknown],
                    ])}
                  />
                </Col>
                <Col xs={24} lg={12}>
                  <EChart
                    title="年龄段"
                    kind="bar"
                    data={AGE_BANDS.map(([band, name]) => ({ name, value: f.ageBand[band] ?? 0 }))}
                  />
                </Col>
                <Col xs={24} lg={12}>
                  <EChart title="全日制学历" kind="bar" data={inOrder(f.educationFullTime, EDUCATION_LEVELS)} />
                </Col>
              </Row>
            )}
            {Object.keys(f.transfers.status).length > 0 ? (
              <Space wrap>
                <Typography.Text>{f.transfers.year}年转出：</Typography.Text>
                {Object.entries(f.transfers.status).map(([status, n]) => (
                  <Tag key={status}>
                    {TRANSFER_WORDS[status] ?? status} {n}
                  </Tag>
                ))}
              </Space>
            ) : null}
            <Typography.Title level={5} style={{ margin: 0 }}>
              直属下级
            </Typography.Title>
            <QueryState
              loading={children.isPending}
              error={children.error}
              empty={rows.length === 0}
              emptyText="没有直属下级组织"
              retry={() => void children.refetch()}
            >
              <Table<Figures>
                rowKey="orgId"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={rows}
                columns={[
                  {
                    title: '组织名称',
                    dataIndex: 'name',
                    render: (name: string | null, row) => (
                      <Link to={`/orgs/${row.orgId}/statistics`} aria-label={`查看${name ?? ''}的团员统计`}>
                        {name ?? '（未知组织）'}
                      </Link>
                    ),
                  },
                  { title: '类型', dataIndex: 'type', render: (type: string | null) => (type ? ORG_TYPE[type] : '') },
                  { title: '团员', dataIndex: 'members', align: 'right' },
                  { title: '男', render: (_, row) => row.gender.male, align: 'right' },
                  { title: '女', render: (_, row) => row.gender.female, align: 'right' },
                  { title: '少数民族', render: (_, row) => row.ethnicGroup.minority, align: 'right' },
                  { title: '团干部', render: (_, row) => row.cadres.total, align: 'right' },
                  { title: '团支部', render: (_, row) => row.branches.total, align: 'right' },
                  { title: '空心团支部', render: (_, row) => row.branches.withoutMembers, align: 'right' },
                  { title: '无团干团支部', render: (_, row) => row.branches.withoutCadres, align: 'right' },
                ]}
              />
              {children.hasNextPage ? (
                <Button onClick={() => void children.fetchNextPage()} loading={children.isFetchingNextPage}>
                  加载更多
                </Button>
              ) : null}
            </QueryState>
          </Space>
        ) : null}
      </QueryState>
    </Card>
  );
}
