import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Result, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { confirmPasswordRules, idNumberRules, newPasswordRules } from '../forms/rules';
import { AuthFrame } from '../ui/AuthFrame';
import { CaptchaField, useCaptcha } from '../ui/Captcha';
import { OrgSearchSelect } from '../ui/OrgSearchSelect';
import { ProblemAlert } from '../ui/ProblemAlert';

interface RegisterForm {
  orgId: string;
  registrationCode: string;
  name: string;
  idNumber: string;
  phone: string;
  newPassword: string;
  confirm: string;
  captchaCode: string;
}

/** The FAQ's advice when a code is refused: what to check, and who makes a new one. */
const CODE_ADVICE: Record<string, string> = {
  REGISTRATION_CODE_MISMATCH:
    '请核对：注册码区分大小写；所选组织须是注册码对应的组织；注册码只能使用一次，且上级重新生成后原注册码失效。如仍不能注册，请联系上级组织管理员重新生成。',
  REGISTRATION_CODE_USED: '每个注册码只能使用一次。请联系上级组织管理员重新生成注册码。',
  REGISTRATION_CODE_EXPIRED: '请联系上级组织管理员重新生成注册码。',
};

/**
 * 管理员注册: the org (found by part of its name), the code its superior's admin generated, and
 * the person's details. A refused code gets the server's reason and the FAQ's advice.
 */
export function RegisterAdminPage() {
  const [form] = Form.useForm<RegisterForm>();
  const captchaState = useCaptcha();
  const { captcha, error: captchaError, refresh } = captchaState;
  const register = useMutation({
    mutationFn: (v: RegisterForm) =>
      unwrap(
        api.POST('/api/v1/auth/register-admin', {
          body: {
            orgId: v.orgId,
            registrationCode: v.registrationCode.trim(),
            name: v.name.trim(),
            idNumber: v.idNumber.trim().toUpperCase(),
            phone: v.phone.trim(),
            password: v.newPassword,
            captchaId: captcha!.captchaId,
            captchaCode: v.captchaCode.trim(),
          },
        }),
      ),
    onError: (error) => {
      form.setFieldValue('captchaCode', '');
      refresh();
      if (error instanceof ApiProblem && error.errors.length > 0)
        form.setFields(
          error.errors
            .filter((e) => e.path !== 'captchaCode')
            .map((e) => ({ name: (e.path === 'password' ? 'newPassword' : e.path) as keyof RegisterForm, errors: [e.message] })),
        );
    },
  });
  const advice = register.error instanceof ApiProblem ? CODE_ADVICE[register.error.code] : undefined;

  if (register.isSuccess)
    return (
      <AuthFrame title="管理员注册">
        <Result
          status="success"
          title="注册成功"
          subTitle="您已成为该组织的管理员，请用身份证号码和刚才设置的密码登录。"
          extra={<Link to="/login">去登录</Link>}
        />
      </AuthFrame>
    );
  return (
    <AuthFrame title="管理员注册" wide>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          管理员注册码由上级组织的管理员在“组织管理—下级组织管理”中生成，每个注册码只能用于对应组织、只能使用一次。
        </Typography.Paragraph>
        <ProblemAlert error={register.error ?? captchaError} />
        {advice ? <Alert type="info" showIcon title={advice} /> : null}
        <Form<RegisterForm> form={form} layout="vertical" onFinish={(v) => register.mutate(v)} disabled={register.isPending}>
          <Form.Item label="所在组织" name="orgId" rules={[{ required: true, message: '请查找并选择要注册管理员的组织' }]}>
            <OrgSearchSelect aria-label="所在组织" />
          </Form.Item>
          <Form.Item
            label="管理员注册码"
            name="registrationCode"
            extra="区分大小写"
            rules={[{ required: true, whitespace: true, message: '请输入管理员注册码' }]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
          <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
            <Input autoComplete="name" maxLength={30} />
          </Form.Item>
          <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
            <Input autoComplete="username" maxLength={18} />
          </Form.Item>
          <Form.Item
            label="手机号码"
            name="phone"
            rules={[
              { required: true, message: '请输入手机号码' },
              { pattern: /^1[3-9]\d{9}$/, message: '请输入11位手机号码' },
            ]}
          >
            <Input autoComplete="tel" maxLength={11} />
          </Form.Item>
          <Form.Item label="密码" name="newPassword" rules={newPasswordRules} extra="至少8位，须同时包含字母和数字">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="确认密码" name="confirm" dependencies={['newPassword']} rules={confirmPasswordRules}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <CaptchaField captcha={captchaState} />
          <Button type="primary" htmlType="submit" block loading={register.isPending} disabled={!captcha}>
            注册
          </Button>
        </Form>
        <Link to="/login">返回登录</Link>
      </Space>
    </AuthFrame>
  );
}
