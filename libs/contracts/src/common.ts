import { z } from 'zod';

export const uuid = z.string().uuid();
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const orgType = z.enum(['committee', 'working_committee', 'general_branch', 'branch']);
export type OrgType = z.infer<typeof orgType>;
/** Who did something: an account id, or a service acting on its own (expiry, import). */
export const actor = z.object({ accountId: z.string().min(1), name: z.string().optional() });

/**
 * A whole number in a query string, written in decimal digits only: `z.coerce.number()` would
 * also take `0x10`, `1e2`, ` 16 ` or an empty string (as 0).
 */
export const queryInt = (options: { min: number; max?: number }) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'decimal digits')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(options.min)
        .max(options.max ?? Number.MAX_SAFE_INTEGER),
    );

/** `?limit=`: 1–200 rows a page, 50 when not given. */
export const pageLimit = queryInt({ min: 1, max: 200 }).default(50);

/** A page of a list: its items and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
