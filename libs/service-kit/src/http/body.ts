import type { Context } from 'hono';
import type { z } from 'zod';
import { applyTextPolicy } from '@zhtj/contracts';
import { AppError } from '@zhtj/contracts';
import { localeOf } from './locale.js';
import { fieldProblems } from './validation.js';

/**
 * Reads and validates a JSON body. A wrong content type is 415, unparsable JSON is 400
 * `MALFORMED_JSON`, text outside the text policy (a NUL, a control character) and a body that
 * does not match the schema are 400 `VALIDATION_FAILED` with each bad field — so handlers only
 * ever see well-formed, normalised input (and Mongo operators such as `{"$gt": ""}` never get
 * past a schema that asks for a string).
 *
 * @example
 * const body = await readJson(c, z.object({ name: z.string().min(1) }));
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { params: { expected: 'application/json' } });
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('MALFORMED_JSON', { cause: error });
  }
  return parseInput(c, schema, raw);
}

/**
 * A body that may be left out (e.g. an optional comment): without a content type there is none
 * and the answer is `undefined`; with one it is read and validated as by readJson.
 */
export async function readOptionalJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T> | undefined> {
  return c.req.header('content-type') ? readJson(c, schema) : undefined;
}

/** Validates query parameters the same way. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return parseInput(c, schema, c.req.query());
}

function parseInput<T extends z.ZodType>(c: Context, schema: T, raw: unknown): z.infer<T> {
  // The text policy (libs/contracts) for every string and key, before any schema: a NUL or a
  // control character is a field error here, never a failed write further down.
  const text = applyTextPolicy(raw);
  if (text.issues.length > 0) throw new AppError('VALIDATION_FAILED', { errors: text.issues });
  const result = schema.safeParse(text.value);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', { errors: fieldProblems(result.error, localeOf(c)) });
  }
  return result.data;
}
