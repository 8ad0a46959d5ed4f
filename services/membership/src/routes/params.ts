import type { Context } from 'hono';
import { z } from 'zod';
import type { ErrorCode } from '@zhtj/contracts';
import { AppError } from '@zhtj/service-kit';

const uuid = z.string().uuid();

/** A path id that is not a UUID cannot name anything: it is "not found", never a query. */
export function idParam(c: Context, notFound: ErrorCode): string {
  const id = uuid.safeParse(c.req.param('id'));
  if (!id.success) throw new AppError(notFound);
  return id.data;
}
