import { Timeline } from 'antd';
import type { Transfer } from '../api/types';
import { TRANSFER_ACTION } from './labels';

/** 办理记录: each step of a transfer, oldest first — when, by whom, what, and the comment. */
export function TransferTimeline({ history }: { history: Transfer['history'] }) {
  return (
    <Timeline
      items={history.map((h) => ({
        content: `${new Date(h.at).toLocaleString('zh-CN')} ${h.by?.name ?? '系统'} ${TRANSFER_ACTION[h.action] ?? h.action}${h.comment ? `：${h.comment}` : ''}`,
      }))}
    />
  );
}
