import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Result, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { confirmPasswordRules, idNumberRules, newPasswordRules } from '../forms/rules';
import { AuthFrame } from '../ui/AuthFrame';
import { CaptchaField, useCaptcha } from '../ui/Captcha';
import { ProblemAlert } from '../ui/ProblemAlert';

interface ResetForm {
  idNumber: string;
  resetCode: string;
  newPassword: string;
  confirm: string;
  captchaCode: string;
}

/** 忘记密码: with the reset code the branch's admin issued (团员管理 — 重置密码). */
export function ResetPasswordPage() {
  const [form] = Form.useForm<ResetForm>();
  const captchaState = useCaptcha();
  const { captcha, error: captchaError, refresh } = captchaState;
  const reset = useMutation({
    mutationFn: (v: ResetForm) =>
      unwrap(
        api.POST('/api/v1/auth/reset-password', {
          body: {
            idNumber: v.idNumber.trim(),
            resetCode: v.resetCode.trim(),
            newPassword: v.newPassword,
            captchaId: captcha!.captchaId,
            captchaCode: v.captchaCode.trim(),
          },
        }),
      ),
    onError: () => {
      form.setFieldValue('captchaCode', '');
      refresh();
    },
  });
  if (reset.isSuccess)
    return (
      <AuthFrame title="忘记密码">
        <Result status="success" title="密码已重设" subTitle="请用新密码登录。" extra={<Link to="/login">去登录</Link>} />
      </AuthFrame>
    );
  return (
    <AuthFrame title="忘记密码">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">请向所在团支部管理员申请密码重置码，凭重置码设置新密码。</Typography.Paragraph>
        <ProblemAlert error={reset.error ?? captchaError} />
        <Form<ResetForm> form={form} layout="vertical" onFinish={(v) => reset.mutate(v)} disabled={reset.isPending}>
          <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
            <Input autoComplete="username" maxLength={18} />
          </Form.Item>
          <Form.Item label="重置码" name="resetCode" rules={[{ required: true, message: '请输入重置码' }]}>
            <Input autoComplete="one-time-code" maxLength={32} />
          </Form.Item>
          <Form.Item label="新密码" name="newPassword" rules={newPasswordRules} extra="至少8位，须同时包含字母和数字">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="确认新密码" name="confirm" dependencies={['newPassword']} rules={confirmPasswordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <CaptchaField captcha={captchaState} />
          <Button type="primary" htmlType="submit" block loading={reset.isPending} disabled={!captcha}>
            重设密码
          </Button>
        </Form>
        <Link to="/login">返回登录</Link>
      </Space>
    </AuthFrame>
  );
}
