import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
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
