import { RequireSession } from '../session/RequireSession';
import { AppLayout } from './AppLayout';

/** Every page behind the login: the session (restored after a reload), then the frame. */
export function SignedIn() {
  return (
    <RequireSession>
      <AppLayout />
    </RequireSession>
  );
}
