import { IdcardOutlined, LockOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import { idNumberRules } from '../forms/rules';
import { loginNotice } from '../session/notice';
import { sessionStore } from '../session/session';
import { AuthFrame } from '../ui/AuthFrame';
import { CaptchaField, useCaptcha } from '../ui/Captcha';
import { ProblemAlert } from '../ui/ProblemAlert';

interface LoginForm {
  idNumber: string;
  password: string;
  captchaCode: string;
}

/** 登录: ID number, password and the image captcha; the server's reason shown as it answers. */
export function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const navigate = useNavigate();
  const location = useLocation();
  const captchaState = useCaptcha();
  const { captcha, error: captchaError, refresh } = captchaState;
  /** Why the person is here again (a changed password ends every session). */
  const [notice] = useState(loginNotice.peek);
  useEffect(() => loginNotice.clear(), []);
  const login = useMutation({
    mutationFn: (values: LoginForm) =>
      unwrap(
        api.POST('/api/v1/auth/login', {
          body: {
            idNumber: values.idNumber.trim(),
            password: values.password,
            captchaId: captcha!.captchaId,
            captchaCode: values.captchaCode.trim(),
          },
        }),
      ),
    onSuccess: (answer) => {
      sessionStore.set({
        accessToken: answer.accessToken,
        account: answer.account,
        mustChangePassword: answer.mustChangePassword,
      });
      const from = (location.state as { from?: string } | null)?.from;
      navigate(answer.mustChangePassword ? '/password' : from && from !== '/login' ? from : '/', { replace: true });
    },
    onError: (error) => {
      // A captcha is good for one try, right or wrong.
      form.setFieldValue('captchaCode', '');
      refresh();
      if (error instanceof ApiProblem && error.code === 'CAPTCHA_INVALID') form.getFieldInstance('captchaCode')?.focus();
    },
  });

  return (
    <AuthFrame title="智慧团建 · 登录">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {notice && !login.error ? <Alert type="success" showIcon title={notice} /> : null}
        <ProblemAlert error={login.error ?? captchaError} />
        <Form<LoginForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          disabled={login.isPending}
        >
          <Form.Item label="身份证号码" name="idNumber" rules={idNumberRules} validateTrigger="onBlur">
            <Input prefix={<IdcardOutlined />} autoComplete="username" maxLength={18} placeholder="18位身份证号码" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <CaptchaField captcha={captchaState} prefix={<SafetyOutlined />} placeholder="右侧图中字符" />
          <Button type="primary" htmlType="submit" block loading={login.isPending} disabled={!captcha}>
            登录
          </Button>
        </Form>
        <p className="auth-links">
          <Link to="/reset-password">忘记密码</Link>
          <Link to="/register">管理员注册</Link>
        </p>
        <p className="auth-hint">团员首次登录的初始密码为身份证号码后8位，登录后须修改密码。</p>
      </Space>
    </AuthFrame>
  );
}
