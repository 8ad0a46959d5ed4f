import { Button, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** A page that failed to load or render (a new deployment replaced its chunk, say). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : (error as Error)?.message;
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle={message || '请刷新页面后重试'}
      extra={<Button onClick={() => window.location.reload()}>刷新页面</Button>}
    />
  );
}
