import { Spin } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { restoreSession } from './restore';
import { useSession } from './useSession';

/** Pages behind the login: the session restored from the cookie, or the login page (coming back here after). */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const [restored, setRestored] = useState(!!session?.accessToken);
  useEffect(() => {
    if (!restored) void restoreSession().then(() => setRestored(true));
  }, [restored]);
  if (!restored) {
    return (
      <div className="page-center" role="status" aria-live="polite">
        <Spin size="large" tip="正在恢复登录状态…">
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      </div>
    );
  }
  if (!session?.accessToken) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // First login with the initial password: nothing else until it is changed (the server refuses the rest too).
  if (session.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return <>{children}</>;
}
