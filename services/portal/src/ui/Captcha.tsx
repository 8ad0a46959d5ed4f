import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Space } from 'antd';
import type { ReactNode } from 'react';
import { api, unwrap } from '../api/client';

export interface CaptchaValue {
  captchaId: string;
}

/**
 * The image captcha: single use, so the form asks for a new one after every attempt (`refresh`).
 * Clicking the image (or pressing Enter on it) shows another.
 */
export function useCaptcha() {
  const query = useQuery({
    queryKey: ['captcha'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/captcha')),
    staleTime: 4 * 60_000,
    gcTime: 0,
  });
  return { captcha: query.data, error: query.error, refresh: () => void query.refetch(), loading: query.isFetching };
}

export function CaptchaImage({
  image,
  loading,
  onRefresh,
}: {
  image?: string | undefined;
  loading: boolean;
  onRefresh: () => void;
}) {
  if (!image) return <div className="captcha-placeholder" role="status" aria-label="验证码加载中" />;
  return (
    <Button
      title="看不清？换一张"
      className="captcha-image"
      onClick={onRefresh}
      aria-label="验证码图片，点击换一张"
      disabled={loading}
      icon={loading ? <ReloadOutlined spin /> : undefined}
    >
      <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(image)}`} alt="验证码" width={100} height={36} />
    </Button>
  );
}

/**
 * The form's 验证码 field: the code typed beside its image, under the form field `captchaCode`.
 * The pages using it clear the field after each attempt, since a captcha is good for one try.
 */
export function CaptchaField({
  captcha,
  prefix,
  placeholder,
}: {
  captcha: ReturnType<typeof useCaptcha>;
  prefix?: ReactNode;
  placeholder?: string;
}) {
  return (
    <Form.Item label="验证码" required>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name="captchaCode" noStyle rules={[{ required: true, message: '请输入验证码' }]}>
          <Input prefix={prefix} aria-label="验证码" autoComplete="off" maxLength={8} placeholder={placeholder} />
        </Form.Item>
        <CaptchaImage image={captcha.captcha?.image} loading={captcha.loading} onRefresh={captcha.refresh} />
      </Space.Compact>
    </Form.Item>
  );
}
