import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { api, unwrap } from '../api/client';
import { confirmPasswordRules, newPasswordRules } from '../forms/rules';
import { loginNotice } from '../session/notice';
import { sessionStore } from '../session/session';
import { useSession } from '../session/useSession';
import { ProblemAlert } from '../ui/ProblemAlert';

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码 — required at the first login with the initial password. Every session ends with it. */
export function ChangePasswordPage() {
  const session = useSession();
  const change = useMutation({
    mutationFn: (v: PasswordForm) =>
      unwrap(api.POST('/api/v1/auth/password', { body: { oldPassword: v.oldPassword, newPassword: v.newPassword } })),
    onSuccess: () => {
      // The server ended every session of the account, this one too: log in again, told why.
      loginNotice.set('密码已修改，所有设备上的登录均已退出，请用新密码重新登录。');
      sessionStore.set(null);
    },
  });
  return (
    <Card title="修改密码" className="narrow-card">
      {session?.mustChangePassword ? (
        <Alert
          type="warning"
          showIcon
          title="首次登录请先修改密码"
          description="初始密码为身份证号码后8位，修改后方可使用其他功能。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <ProblemAlert error={change.error} />
      <Form<PasswordForm>
        layout="vertical"
        onFinish={(v) => change.mutate(v)}
        disabled={change.isPending}
        style={{ marginTop: 16 }}
      >
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          rules={newPasswordRules}
          extra="至少8位，须同时包含字母和数字，且不能与初始密码相同"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirm" dependencies={['newPassword']} rules={confirmPasswordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          确认修改
        </Button>
      </Form>
    </Card>
  );
}
