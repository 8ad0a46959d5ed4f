import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { EditMemberDrawer } from './MemberDrawer';

/**
 * 申请修改 for a member's own record: their change becomes a request the branch's admin decides
 * (团员管理—团员信息变更审批). The drawer is the admins' edit, in its request form.
 */
export function MyRecordChange({ memberId }: { memberId: string }) {
  const [open, setOpen] = useState(false);
  const detail = useQuery({
    queryKey: ['member', memberId],
    enabled: open,
    queryFn: () => unwrap(api.GET('/api/v1/members/{id}', { params: { path: { id: memberId } } })),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)} loading={open && detail.isPending}>
        申请修改
      </Button>
      {open && detail.data ? (
        <EditMemberDrawer member={detail.data} appliesAtOnce={false} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}
