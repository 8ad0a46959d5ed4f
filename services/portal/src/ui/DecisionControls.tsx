import { Button, Input, Space } from 'antd';
import { useState } from 'react';

export type DecisionAction = 'approve' | 'reject';

export interface Decision {
  action: DecisionAction;
  /** The body every approve / reject route takes: the comment when one was written, trimmed. */
  body: { comment?: string };
}

/**
 * 审批意见 and the two answers, 批准 and 驳回: the one way a request (an org's or a member's
 * change, a transfer) is decided on a page. Whether a comment is required is the server's rule
 * (a transfer's rejection needs one): its answer is shown by the dialog's ProblemAlert.
 */
export function DecisionControls({
  pending,
  onDecide,
  placeholder = '审批意见（选填）',
}: {
  pending: boolean;
  onDecide: (decision: Decision) => void;
  placeholder?: string;
}) {
  const [comment, setComment] = useState('');
  const decide = (action: DecisionAction) => onDecide({ action, body: comment.trim() ? { comment: comment.trim() } : {} });
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
      <Input.TextArea
        aria-label="审批意见"
        placeholder={placeholder}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <Space>
        <Button type="primary" loading={pending} onClick={() => decide('approve')}>
          批准
        </Button>
        <Button danger loading={pending} onClick={() => decide('reject')}>
          驳回
        </Button>
      </Space>
    </Space>
  );
}
