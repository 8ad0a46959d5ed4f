import type { Context } from 'hono';
import { PROBLEM_CONTENT_TYPE } from '@zhtj/contracts';
import { AppError, toProblem } from '@zhtj/contracts';
import { localeOf } from './locale.js';

/** Answers with the problem+json for an AppError (and its headers, e.g. Retry-After). */
export function problemResponse(c: Context, error: AppError): Response {
  const body = toProblem(error, localeOf(c), c.req.path);
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  });
}
