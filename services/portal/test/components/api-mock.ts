import { errorCodes, problemType, type ErrorCode } from '@zhtj/contracts';
import { checkCharacter } from '@zhtj/id-number';
import { expect, onTestFinished, vi } from 'vitest';

/** A request the page sent, as the server would read it. */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Answer = Response | ((request: SentRequest) => Response | Promise<Response>);

/** A 200 (or other) JSON answer. */
export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * The server's refusal as the gateway sends it: problem+json with the code's status and Chinese
 * message from libs/contracts (or `title` for a message with its placeholders filled in), the
 * fields it names, and Retry-After.
 */
export function problem(
  code: ErrorCode,
  options: { title?: string; errors?: { path: string; code: ErrorCode; message?: string }[]; retryAfter?: number } = {},
): Response {
  const { status, zh } = errorCodes[code];
  const body = {
    type: problemType(code),
    title: options.title ?? zh,
    status,
    code,
    ...(options.errors
      ? { errors: options.errors.map((e) => ({ path: e.path, code: e.code, message: e.message ?? errorCodes[e.code].zh })) }
      : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (options.retryAfter) headers['retry-after'] = String(options.retryAfter);
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Stubs `fetch` — the network, under the portal's API client — with answers by "METHOD /path"
 * (a route's query is in the request). Returns every request sent; a request with no answer
 * fails the test, so a page cannot call something the test did not expect.
 */
export function mockApi(routes: Record<string, Answer>): SentRequest[] {
  const sent: SentRequest[] = [];
  const unanswered: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const entry: SentRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    sent.push(entry);
    const key = `${entry.method} ${entry.path}`;
    const answer = routes[key];
    if (!answer) {
      unanswered.push(key);
      return new Response('no answer in the test', { status: 599 });
    }
    return typeof answer === 'function' ? answer(entry) : answer.clone();
  });
  vi.stubGlobal('fetch', fetch);
  onTestFinished(() => expect(unanswered, 'requests the test gave no answer to').toEqual([]));
  return sent;
}

/** The requests sent to one route. */
export const sentTo = (sent: SentRequest[], key: string) => sent.filter((r) => `${r.method} ${r.path}` === key);

/** A valid 18-digit ID number from its first 17 characters (region, birth date, sequence). */
export const idNumber = (first17: string) => first17 + checkCharacter(first17);

/** The same number with a wrong check character. */
export const withWrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

/** A captcha as GET /auth/captcha answers. */
export const CAPTCHA = {
  'GET /api/v1/auth/captcha': json({
    captchaId: 'captcha-1',
    image: '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="36"></svg>',
  }),
};
