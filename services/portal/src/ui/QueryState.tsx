import { Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ApiProblem } from '../api/problem';

/**
 * The states of a page's data before it can be shown: loading, refused (403 / 404 as the server
 * words it), failed (with a retry), or empty.
 */
export function QueryState({
  loading,
  error,
  empty,
  emptyText = '暂无数据',
  retry,
  children,
}: {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: ReactNode;
  retry?: () => void;
  children: ReactNode;
}) {
  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (error) {
    const problem = error instanceof ApiProblem ? error : null;
    if (problem?.status === 403) return <Result status="403" title="无权访问" subTitle={problem.message} />;
    if (problem?.status === 404) return <Result status="404" title="未找到" subTitle={problem.message} />;
    return (
      <Result
        status="error"
        title="加载失败"
        subTitle={problem?.message ?? (error as Error).message}
        extra={retry ? <Button onClick={retry}>重试</Button> : undefined}
      />
    );
  }
  if (empty) return <Empty description={emptyText} />;
  return <>{children}</>;
}
