import { z } from 'zod';
import { CHANGE_REQUEST_STATUSES } from '../change-request/lifecycle.js';

const actorView = z.object({ accountId: z.string(), name: z.string().nullish() });

/**
 * A change waiting for (or decided by) the one who approves it — an org's info for its superior,
 * a member's own info for the branch: a field-level diff against `baseVersion` (service-kit's
 * changeRequestView). Each kind adds what it is about.
 */
export const changeRequestView = z.object({
  id: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  baseVersion: z.number().int(),
  requestedBy: actorView,
  requestedAt: z.string(),
  status: z.enum(CHANGE_REQUEST_STATUSES),
  decidedBy: actorView.nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});

/** Which requests a list shows: the pending ones unless asked. */
export const changeRequestStatusFilter = z.enum([...CHANGE_REQUEST_STATUSES, 'all']).default('pending');
