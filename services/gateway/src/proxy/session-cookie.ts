import type { Context } from 'hono';

/**
 * The browser portal keeps its refresh token where scripts cannot read it: in an HttpOnly,
 * SameSite=Strict cookie the gateway sets, scoped to the three routes that take it. The portal
 * asks for this with `X-Session-Transport: cookie`; other clients (scripts, apps) get and send the
 * refresh token in the body as before. The custom header also means a cross-site page cannot make
 * a browser send such a request without a CORS preflight, which the gateway refuses.
 */
export const SESSION_TRANSPORT_HEADER = 'x-session-transport';
export const REFRESH_COOKIE = 'zhtj_refresh';
const COOKIE_PATH = '/api/v1/auth';

/** What a route does with the session: login issues one, refresh rotates it, logout ends it. */
export type SessionRole = 'issue' | 'rotate' | 'end';

export const wantsCookie = (c: Context) => c.req.header(SESSION_TRANSPORT_HEADER) === 'cookie';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function cookie(c: Context, value: string, maxAgeSec?: number): string {
  // Secure everywhere but on this machine: a browser drops a Secure cookie sent over plain http.
  const secure = !LOOPBACK.has(new URL(c.req.url).hostname);
  return [
    `${REFRESH_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
    // No Max-Age on a live one: the session ends with the browser (a shared office computer).
    ...(maxAgeSec !== undefined ? [`Max-Age=${maxAgeSec}`] : []),
  ].join('; ');
}

function cookieToken(c: Context): string | undefined {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return rest.join('=') || undefined;
  }
  return undefined;
}

/**
 * The JSON body to send on for refresh and logout: the caller's, with the cookie's refresh token
 * put in when it has none. A body that is not a JSON object goes on as it was, for the service to
 * refuse.
 */
export async function bodyWithCookieToken(c: Context): Promise<string> {
  const text = await c.req.text();
  const token = cookieToken(c);
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return text;
  }
  if (!token || typeof body !== 'object' || body === null || Array.isArray(body) || 'refreshToken' in body) return text;
  return JSON.stringify({ ...body, refreshToken: token });
}

/** The service's answer with the refresh token moved from the body into the cookie (or the cookie cleared). */
export async function settleSessionCookie(c: Context, res: Response, role: SessionRole): Promise<Response> {
  const headers = new Headers(res.headers);
  const clear = () => headers.append('set-cookie', cookie(c, '', 0));
  if (role === 'end') {
    clear();
    return new Response(res.body, { status: res.status, headers });
  }
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) {
    // A refused refresh (reused, expired, revoked) ends the session in the browser too.
    if (role === 'rotate' && res.status === 401) clear();
    return new Response(res.body, { status: res.status, headers });
  }
  const { refreshToken, ...rest } = (await res.json()) as { refreshToken?: string };
  if (typeof refreshToken === 'string') headers.append('set-cookie', cookie(c, refreshToken));
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: res.status, headers });
}
