import { z } from 'zod';
import { accountView, memberView, orgStatisticsView, orgView } from '@zhtj/contracts';

/** A to-do count over the first page of 200; `more` when the list had more. */
const count = z.object({ count: z.number().int(), more: z.boolean() });
const path = z.object({ items: z.array(z.looseObject({ id: z.string(), name: z.string(), type: z.string() })) });

/** GET /me, as src/compose/me.routes.ts composes it: a part whose service failed is null. */
export const meView = z.object({
  account: accountView.nullable(),
  member: memberView.nullable(),
  branchPath: path.nullable(),
  administeredOrgs: z.array(orgView).nullable(),
  todo: z
    .object({
      transfersAwaitingMe: count,
      orgChangeRequests: count,
      memberChangeRequests: count,
      runningImports: count,
    })
    .nullable(),
  /** The caller's unread in-site messages (notification); null when it did not answer. */
  unreadMessages: z.number().int().nullable(),
  partial: z.boolean(),
});

/** GET /orgs/:id/overview (src/compose/views.routes.ts): the org's counts; a failed part is null. */
export const orgOverviewView = z.object({
  org: orgView,
  children: count.nullable(),
  members: count.nullable(),
  pending: z.object({
    orgChangeRequests: count.nullable(),
    memberChangeRequests: count.nullable(),
    openTransfers: count.nullable(),
    runningImports: count.nullable(),
    /** What the counts add up to (a failed part counts 0). */
    total: z.number().int(),
  }),
  /** The figures of the org's whole subtree (statistics); null when it did not answer. */
  statistics: orgStatisticsView.nullable(),
  partial: z.boolean(),
});

/** GET /members/:id: membership's view plus the branch and its path from organization. */
export const memberDetailView = memberView.extend({
  branch: z.looseObject({ id: z.string(), name: z.string(), type: z.string() }).nullable(),
  branchPath: path.shape.items.nullable(),
  partial: z.boolean(),
});
