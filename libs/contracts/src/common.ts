import { z } from 'zod';

export const uuid = z.string().uuid();
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const orgType = z.enum(['committee', 'working_committee', 'general_branch', 'branch']);
export type OrgType = z.infer<typeof orgType>;
/** Who did something: an account id, or a service acting on its own (expiry, import). */
export const actor = z.object({ accountId: z.string().min(1), name: z.string().optional() });
