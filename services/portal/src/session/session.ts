/**
 * The signed-in person, kept in memory only: the access token never touches localStorage, and the
 * refresh token lives in the gateway's HttpOnly cookie (docs/portal.md). A reload restores the
 * session from that cookie; closing the browser ends it.
 */
export interface Role {
  role: 'member' | 'org_admin';
  orgId: string;
}

export interface Session {
  accessToken: string;
  account: { id: string; name: string; roles: Role[] };
  /** An imported member's first login, or after a reset: nothing else until the password is changed. */
  mustChangePassword: boolean;
}

let current: Session | null = null;
const listeners = new Set<() => void>();

export const sessionStore = {
  get: (): Session | null => current,
  set(next: Session | null) {
    current = next;
    for (const listener of listeners) listener();
  },
  /** Keeps the account, replaces the token (a refresh). */
  setToken(accessToken: string) {
    if (current) sessionStore.set({ ...current, accessToken });
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** A member of the league (not only an admin): has a record of their own (我的). */
export const isMember = (s: Session | null) => !!s?.account.roles.some((r) => r.role === 'member');
export const isAdmin = (s: Session | null) => !!s?.account.roles.some((r) => r.role === 'org_admin');
export const adminOrgIds = (s: Session | null) => [
  ...new Set((s?.account.roles ?? []).filter((r) => r.role === 'org_admin').map((r) => r.orgId)),
];
