/**
 * A message for the login page about why the person is there again (a changed password ends every
 * session). Not router state: ending the session redirects to the login page by itself, and that
 * redirect would carry its own state instead.
 */
let pending: string | null = null;

export const loginNotice = {
  set(message: string) {
    pending = message;
  },
  peek: () => pending,
  clear() {
    pending = null;
  },
};
