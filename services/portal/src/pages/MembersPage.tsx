import { UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { FIRST_MEMBERS_PAGE, membersPageQuery, orgQuery, type MembersPageKey } from '../api/queries';
import { orgAuthority } from '../session/authority';
import { useSession } from '../session/useSession';
import { GENDER, IDENTITY_CHECK, MEMBER_STATUS, ORG_TYPE } from '../ui/labels';
import { QueryState } from '../ui/QueryState';
import { AddMemberDrawer } from './AddMemberDrawer';
import { CadresPanel } from './members/CadresPanel';
import { MemberChangeInbox } from './members/MemberChangeInbox';
import { MemberDrawer } from './members/MemberDrawer';

/**
 * 团员管理 — the members of a branch or of the whole subtree below an org, 50 a page by cursor
 * (no total count: counting a county's members is a scan). ID numbers and phones come masked.
 * A member's name opens their record (编辑, 重置密码码, 删除 for the branch's managers); beside the
 * list, a branch's 团员信息变更审批 for its managers and the org's 团干部.
 */
export function MembersPage() {
  const { orgId = '' } = useParams();
  const session = useSession();
  // A message's link may name the tab (?tab=requests: the change requests waiting for approval).
  const [params] = useSearchParams();
  const [tab, setTab] = useState(params.get('tab') ?? 'members');
  const [opened, setOpened] = useState<string>();
  const [scope, setScope] = useState<MembersPageKey['scope']>(FIRST_MEMBERS_PAGE.scope);
  const [q, setQ] = useState(FIRST_MEMBERS_PAGE.q);
  // The cursors of the pages seen so far: back is the previous one, forward the answer's nextCursor.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors.at(-1);
  const org = useQuery(orgQuery(orgId));
  const members = useQuery({ ...membersPageQuery(orgId, { scope, q, cursor }), placeholderData: keepPreviousData });
  const restart = () => setCursors([undefined]);
  const isBranch = org.data?.type === 'branch';
  const [adding, setAdding] = useState(false);
  const authority = orgAuthority(session, org.data);

  const list = (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {!isBranch ? (
          <Segmented
            aria-label="范围"
            value={scope}
            options={[
              { label: '本级', value: 'branch' },
              { label: '全部下级', value: 'subtree' },
            ]}
            onChange={(v) => {
              setScope(v as 'branch' | 'subtree');
              restart();
            }}
          />
        ) : null}
        <Input.Search
          aria-label="按姓名查找"
          placeholder="按姓名查找（姓名开头）"
          allowClear
          maxLength={40}
          onSearch={(value) => {
            setQ(value.trim());
            restart();
          }}
          style={{ width: 260 }}
        />
      </Space>
      <QueryState loading={members.isPending} error={members.error} retry={() => void members.refetch()}>
        <Table
          rowKey="id"
          size="middle"
          loading={members.isFetching}
          pagination={false}
          dataSource={members.data?.items ?? []}
          locale={{ emptyText: q ? `没有姓名以“${q}”开头的团员` : '该组织暂无团员' }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              fixed: 'left',
              render: (name: string, m) => (
                <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setOpened(m.id)}>
                  {name}
                </Button>
              ),
            },
            { title: '性别', dataIndex: 'gender', render: (g: string) => GENDER[g] ?? g, width: 70 },
            { title: '身份证号码', dataIndex: 'idNumber', width: 200 },
            { title: '政治面貌', dataIndex: 'politicalStatus' },
            { title: '入团年月', dataIndex: 'joinedAt', width: 100 },
            { title: '手机号码', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: string) => <Tag color={s === 'transferring' ? 'processing' : undefined}>{MEMBER_STATUS[s] ?? s}</Tag>,
            },
            {
              title: '实名认证',
              dataIndex: 'identityCheck',
              render: (s: string) => <Tag color={IDENTITY_CHECK[s]?.color}>{IDENTITY_CHECK[s]?.text ?? s}</Tag>,
            },
          ]}
        />
        <Space style={{ marginTop: 16 }} aria-label="翻页">
          <Button disabled={cursors.length === 1 || members.isFetching} onClick={() => setCursors(cursors.slice(0, -1))}>
            上一页
          </Button>
          <Typography.Text type="secondary">第 {cursors.length} 页</Typography.Text>
          <Button
            disabled={!members.data?.nextCursor || members.isFetching}
            onClick={() => setCursors([...cursors, members.data!.nextCursor!])}
          >
            下一页
          </Button>
        </Space>
      </QueryState>
    </>
  );

  return (
    <Card
      extra={
        isBranch && authority.manage && tab === 'members' ? (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
            添加团员
          </Button>
        ) : undefined
      }
      title={
        <Space>
          <span>团员管理</span>
          {org.data ? (
            <Typography.Text type="secondary">
              {org.data.name}（{ORG_TYPE[org.data.type]}）
            </Typography.Text>
          ) : null}
        </Space>
      }
    >
      <QueryState loading={org.isPending} error={org.error} retry={() => void org.refetch()}>
        <Tabs
          // A tab the caller does not have (a link to 审批 for a viewer) shows the list.
          activeKey={tab === 'requests' && !(isBranch && authority.manage) ? 'members' : tab}
          onChange={setTab}
          items={[
            { key: 'members', label: '团员名单', children: list },
            ...(isBranch && authority.manage
              ? [
                  {
                    key: 'requests',
                    label: '团员信息变更审批',
                    children: <MemberChangeInbox branchId={orgId} onOpenMember={setOpened} />,
                  },
                ]
              : []),
            {
              key: 'cadres',
              label: '团干部',
              children: <CadresPanel orgId={orgId} manage={authority.manage && org.data?.status === 'active'} />,
            },
          ]}
        />
      </QueryState>
      {isBranch ? <AddMemberDrawer branchId={orgId} open={adding} onClose={() => setAdding(false)} /> : null}
      <MemberDrawer memberId={opened} onClose={() => setOpened(undefined)} />
    </Card>
  );
}
