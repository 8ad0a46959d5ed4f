import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { meQuery } from '../../api/queries';
import { QueryState } from '../../ui/QueryState';
import { MyRecordChange } from '../members/MyRecordChange';
import { MyChangeRequests } from './MyChangeRequests';
import { MyRecordCard } from './MyRecordCard';
import { MyTransfers } from './MyTransfers';

/**
 * 我的: a member's own corner, laid out for a phone first — my record and 申请修改, my change
 * requests and what the branch decided, my transfer's status, and the password.
 */
export function MinePage() {
  const navigate = useNavigate();
  const me = useQuery(meQuery());
  const member = me.data?.member;
  return (
    <QueryState loading={me.isPending} error={me.error} retry={() => void me.refetch()}>
      <div className="page-stack mine-page">
        <Typography.Title level={3}>我的</Typography.Title>
        {member ? (
          <>
            <MyRecordCard
              member={member}
              branchPath={me.data?.branchPath ?? null}
              extra={<MyRecordChange memberId={member.id} />}
            />
            <MyChangeRequests memberId={member.id} />
            <MyTransfers />
          </>
        ) : (
          <Card>
            <Empty
              description={me.data?.partial ? '团员信息暂时无法加载，请稍后刷新。' : '您的账号没有团员信息（仅管理员账号）。'}
            />
          </Card>
        )}
        <Card title="账号安全">
          <Button onClick={() => navigate('/password')}>修改密码</Button>
        </Card>
      </div>
    </QueryState>
  );
}
