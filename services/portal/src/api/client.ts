import createClient from 'openapi-fetch';
import { sessionStore } from '../session/session';
import { ApiProblem, networkProblem, problemOf } from './problem';
import type { paths } from './schema';

/** Codes after which a fresh access token may help: the old one expired or its grants changed. */
const REFRESHABLE = new Set(['TOKEN_EXPIRED', 'TOKEN_REVOKED']);

const withHeaders = (request: Request): Request => {
  const headers = new Headers(request.headers);
  const token = sessionStore.get()?.accessToken;
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  headers.set('accept-language', 'zh-CN');
  // The refresh token stays in the gateway's HttpOnly cookie (login, refresh and logout use it).
  headers.set('x-session-transport', 'cookie');
  return new Request(request, { headers });
};

let refreshing: Promise<boolean> | null = null;

/** Trades the cookie's refresh token for a new access token; one refresh at a time. */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-transport': 'cookie', 'accept-language': 'zh-CN' },
        body: '{}',
        credentials: 'same-origin',
      });
      if (!res.ok) return false;
      const { accessToken } = (await res.json()) as { accessToken: string };
      sessionStore.setToken(accessToken);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * fetch with the session: the access token on every call and, when it expired or was revoked
 * (a transfer, a password change elsewhere), one refresh and one retry; when the refresh is
 * refused the session is over and the portal shows the login page.
 */
async function sessionFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  let res: Response;
  try {
    res = await fetch(withHeaders(input));
  } catch {
    throw networkProblem();
  }
  if (res.status !== 401 || !sessionStore.get() || new URL(input.url).pathname.startsWith('/api/v1/auth/refresh')) return res;
  const code =
    (
      (await res
        .clone()
        .json()
        .catch(() => ({}))) as { code?: string }
    ).code ?? '';
  if (!REFRESHABLE.has(code)) return res;
  if (!(await refreshAccessToken())) {
    sessionStore.set(null);
    return res;
  }
  return fetch(withHeaders(retry));
}

export const api = createClient<paths>({ baseUrl: '/', fetch: sessionFetch });

/** fetch with the session, for what the typed client does not do (files). */
export const authedFetch = (path: string, init: RequestInit = {}) => sessionFetch(new Request(path, init));

/**
 * The data of an openapi-fetch answer, or the server's problem thrown as an ApiProblem — so
 * TanStack Query's `error` is always something a page can show.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const body = error as { code?: string; title?: string; errors?: ApiProblem['errors'] } | undefined;
    if (body?.code)
      return Promise.reject(
        new ApiProblem(
          response.status,
          body.code,
          body.title ?? body.code,
          body.errors ?? [],
          Number(response.headers.get('retry-after')) || null,
        ),
      );
    return Promise.reject(await problemOf(response));
  }
  return data as T;
}
