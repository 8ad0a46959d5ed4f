import { App } from 'antd';
import { RequireSession } from '../session/RequireSession';
import { AppLayout } from './AppLayout';

/**
 * Every page behind the login: the session (restored after a reload), then the frame. Ant
 * Design's App (the context of messages and dialogs opened from code, App.useApp) is here, not
 * at the root: it brings message, notification and modal, which the login page does without.
 */
export function SignedIn() {
  return (
    <RequireSession>
      <App>
        <AppLayout />
      </App>
    </RequireSession>
  );
}
