import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, List, Row, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { meQuery } from '../api/queries';
import { ORG_TYPE, ROLE } from '../ui/labels';
import { QueryState } from '../ui/QueryState';
import { MyRecordCard } from './mine/MyRecordCard';

/** 首页: who I am, the orgs I administer, and what waits for me (GET /me, composed by the gateway). */
export function HomePage() {
  const me = useQuery(meQuery());
  const data = me.data;
  return (
    <QueryState loading={me.isPending} error={me.error} retry={() => void me.refetch()}>
      {data ? (
        <div className="page-stack">
          <Typography.Title level={3}>您好，{data.account?.name ?? '同志'}</Typography.Title>
          {data.partial ? (
            <Alert
              type="warning"
              showIcon
              title="部分信息暂时无法加载"
              description="有服务未及时响应，以下内容可能不完整，请稍后刷新。"
            />
          ) : null}
          {data.todo ? (
            <Card title="待办事项">
              <Row gutter={16}>
                {(
                  [
                    ['待我审批的组织关系转接', data.todo.transfersAwaitingMe],
                    ['组织信息变更申请', data.todo.orgChangeRequests],
                    ['团员信息变更申请', data.todo.memberChangeRequests],
                    ['进行中的导入', data.todo.runningImports],
                  ] as const
                ).map(([label, c]) => (
                  <Col xs={12} md={6} key={label}>
                    <Statistic title={label} value={c.more ? `${c.count}+` : c.count} />
                  </Col>
                ))}
              </Row>
            </Card>
          ) : null}
          {data.administeredOrgs && data.administeredOrgs.length > 0 ? (
            <Card title="我管理的组织">
              <List
                dataSource={data.administeredOrgs}
                renderItem={(org) => (
                  <List.Item
                    actions={[
                      <Link key="org" to={`/orgs/${org.id}`} aria-label={`${org.name}的组织管理`}>
                        组织管理
                      </Link>,
                      <Link key="members" to={`/orgs/${org.id}/members`} aria-label={`${org.name}的团员管理`}>
                        团员管理
                      </Link>,
                    ]}
                  >
                    <List.Item.Meta title={org.name} description={<Tag>{ORG_TYPE[org.type] ?? org.type}</Tag>} />
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
          {data.member ? (
            <MyRecordCard member={data.member} branchPath={data.branchPath} extra={<Link to="/mine">我的申请与转接</Link>} />
          ) : null}
          {data.account ? (
            <Card title="账号">
              <Descriptions column={1} size="small">
                <Descriptions.Item label="身份证号码">{data.account.idNumber}</Descriptions.Item>
                <Descriptions.Item label="角色">
                  {[...new Set(data.account.roles.map((r) => ROLE[r.role] ?? r.role))].join('、') || '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          ) : null}
        </div>
      ) : null}
    </QueryState>
  );
}
