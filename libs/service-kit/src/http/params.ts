import type { Context } from 'hono';
import { z } from 'zod';
import type { ErrorCode } from '@zhtj/contracts';
import { AppError } from '@zhtj/contracts';

const uuid = z.string().uuid();

/**
 * A path id (`:id`). One that is not a UUID cannot name anything: it is the resource's "not
 * found", never a query.
 */
export function idParam(c: Context, notFound: ErrorCode, name = 'id'): string {
  const id = uuid.safeParse(c.req.param(name));
  if (!id.success) throw new AppError(notFound);
  return id.data;
}
