import { api, refreshAccessToken, unwrap } from '../api/client';
import { sessionStore } from './session';

let restoring: Promise<void> | null = null;

/** After a reload: a session from the refresh cookie, if the browser still has one. Once per page load. */
export function restoreSession(): Promise<void> {
  restoring ??= (async () => {
    if (sessionStore.get()) return;
    // A placeholder account until /auth/me answers; the token is all the client needs.
    sessionStore.set({ accessToken: '', account: { id: '', name: '', roles: [] }, mustChangePassword: false });
    if (!(await refreshAccessToken())) return sessionStore.set(null);
    try {
      const me = await unwrap(api.GET('/api/v1/auth/me'));
      sessionStore.set({
        accessToken: sessionStore.get()!.accessToken,
        account: { id: me.id, name: me.name, roles: me.roles },
        mustChangePassword: me.mustChangePassword,
      });
    } catch {
      sessionStore.set(null);
    }
  })();
  return restoring;
}
