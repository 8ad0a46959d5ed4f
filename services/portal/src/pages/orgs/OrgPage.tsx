import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Col, Row, Space, Tabs, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { orgQuery } from '../../api/queries';
import { orgAuthority } from '../../session/authority';
import { adminOrgIds } from '../../session/session';
import { useSession } from '../../session/useSession';
import { ORG_TYPE } from '../../ui/labels';
import { OrgSearchSelect } from '../../ui/OrgSearchSelect';
import { QueryState } from '../../ui/QueryState';
import { ChildOrgs } from './ChildOrgs';
import { OrgChangeInbox } from './OrgChangeInbox';
import { OrgInfo } from './OrgInfo';
import { OrgTree } from './OrgTree';
import { SecretaryPanel } from './SecretaryPanel';

/**
 * 组织管理 — one org of my subtree: where it sits (breadcrumbs from its path, the tree beside),
 * its info (edited at once by the superior's admin, as a request by its own), its secretary, its
 * children with their admin registration codes, and the change requests it must decide.
 */
export function OrgPage() {
  const { orgId = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const roots = adminOrgIds(session);
  const org = useQuery(orgQuery(orgId));
  const path = useQuery({
    queryKey: ['org-path', orgId],
    queryFn: () => unwrap(api.GET('/api/v1/orgs/{id}/path', { params: { path: { id: orgId } } })),
  });
  const authority = orgAuthority(session, org.data);
  // Orgs above the ones I administer are names only: their pages would be refused.
  const mine = new Set(adminOrgIds(session));
  const firstMine = path.data?.items.findIndex((o) => mine.has(o.id)) ?? -1;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7}>
        <Card title="组织树" size="small">
          {roots[0] ? (
            <div style={{ marginBottom: 8 }}>
              {/* The value stays empty: choosing an org opens its page. */}
              <OrgSearchSelect
                aria-label="查找下级组织"
                placeholder="查找下级组织"
                within={roots[0]}
                value={null}
                onChange={(id) => navigate(`/orgs/${id}`)}
              />
            </div>
          ) : null}
          <OrgTree roots={roots} selected={orgId} />
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        <QueryState loading={org.isPending} error={org.error} retry={() => void org.refetch()}>
          {org.data ? (
            <Card
              title={
                <Space orientation="vertical" size={2}>
                  <Breadcrumb
                    aria-label="组织路径"
                    items={(path.data?.items ?? []).map((o, i) => ({
                      key: o.id,
                      title:
                        o.id !== orgId && firstMine >= 0 && i >= firstMine ? <Link to={`/orgs/${o.id}`}>{o.name}</Link> : o.name,
                    }))}
                  />
                  <Space>
                    <Typography.Title level={4} style={{ margin: 0 }}>
                      {org.data.name}
                    </Typography.Title>
                    <Tag>{ORG_TYPE[org.data.type]}</Tag>
                    {org.data.status === 'dissolved' ? <Tag color="default">已撤销</Tag> : null}
                  </Space>
                </Space>
              }
              extra={
                authority.view ? (
                  <Space>
                    <Link to={`/orgs/${orgId}/members`} aria-label={`${org.data.name}的团员管理`}>
                      团员管理
                    </Link>
                    <Link to={`/orgs/${orgId}/statistics`} aria-label={`${org.data.name}的团员统计`}>
                      团员统计
                    </Link>
                  </Space>
                ) : null
              }
            >
              <Tabs
                items={[
                  {
                    key: 'info',
                    label: '基本信息',
                    children: (
                      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                        <OrgInfo org={org.data} authority={authority} />
                        <SecretaryPanel org={org.data} manage={authority.manage} />
                      </Space>
                    ),
                  },
                  ...(org.data.type !== 'branch'
                    ? [{ key: 'children', label: '下级组织管理', children: <ChildOrgs org={org.data} own={authority.own} /> }]
                    : []),
                  ...(authority.own && org.data.type !== 'branch'
                    ? [{ key: 'requests', label: '下级变更审批', children: <OrgChangeInbox orgId={orgId} /> }]
                    : []),
                ]}
              />
            </Card>
          ) : null}
        </QueryState>
      </Col>
    </Row>
  );
}
