import { Card, Descriptions, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Me } from '../../api/types';
import { GENDER, IDENTITY_CHECK, MEMBER_STATUS } from '../../ui/labels';

/**
 * 我的团员信息: a member's own record in full (the server shows the whole ID number to its owner),
 * one column on a phone.
 */
export function MyRecordCard({
  member,
  branchPath,
  extra,
}: {
  member: NonNullable<Me['member']>;
  branchPath: Me['branchPath'];
  extra?: ReactNode;
}) {
  return (
    <Card title="我的团员信息" extra={extra}>
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label="姓名">{member.name}</Descriptions.Item>
        <Descriptions.Item label="性别">{GENDER[member.gender]}</Descriptions.Item>
        <Descriptions.Item label="身份证号码">{member.idNumber}</Descriptions.Item>
        <Descriptions.Item label="所在团支部">{branchPath?.items.map((o) => o.name).join(' / ') ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="政治面貌">{member.politicalStatus}</Descriptions.Item>
        <Descriptions.Item label="入团年月">{member.joinedAt}</Descriptions.Item>
        <Descriptions.Item label="团籍状态">{MEMBER_STATUS[member.status]}</Descriptions.Item>
        <Descriptions.Item label="实名认证">
          <Tag color={IDENTITY_CHECK[member.identityCheck]?.color}>{IDENTITY_CHECK[member.identityCheck]?.text}</Tag>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
