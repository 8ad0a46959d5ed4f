import { z } from 'zod';
import { orgType, uuid, pageLimit, queryInt } from '../common.js';
import { nameText } from '../text-policy.js';
import { changeRequestStatusFilter, changeRequestView } from './change-request-view.js';

/** Request and answer shapes of the Organisations section of API.md. */

export const orgName = nameText({ min: 2, max: 50 });
export const orgShortName = nameText({ min: 1, max: 20 });
/** A mobile number, or a landline with area code and an optional extension. */
export const contactPhone = z
  .string()
  .trim()
  .regex(/^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/, 'a mobile number or a landline with area code');
export const industry = z.string().trim().min(1).max(50);

export const createOrgBody = z
  .object({
    parentId: uuid,
    name: orgName,
    shortName: orgShortName.optional(),
    type: orgType,
    contactPhone: contactPhone.optional(),
    industry: industry.optional(),
  })
  .strict();
export type CreateOrgBody = z.infer<typeof createOrgBody>;

/**
 * A partial change of an org's info. `version` is the version the editor saw: a change made on a
 * stale view is refused with CONFLICT and the current state. `null` clears an optional field.
 */
export const patchOrgBody = z
  .object({
    version: z.number().int().min(1),
    name: orgName.optional(),
    shortName: orgShortName.nullable().optional(),
    type: orgType.optional(),
    contactPhone: contactPhone.nullable().optional(),
    industry: industry.nullable().optional(),
  })
  .strict();
export type PatchOrgBody = z.infer<typeof patchOrgBody>;

export const secretaryBody = z
  .object({
    name: nameText({ max: 40 }),
    idNumber: z.string().trim().min(1).max(32),
  })
  .strict();

export const decisionBody = z.object({ comment: z.string().trim().max(500).optional() }).strict();

/** Cursor paging for every list: `cursor` is opaque, from the previous page's `nextCursor`. */
export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: pageLimit,
});

export const orgView = z.object({
  id: uuid,
  name: z.string(),
  shortName: z.string().nullable(),
  type: orgType,
  parentId: uuid.nullable(),
  ancestors: z.array(uuid),
  depth: z.number().int(),
  secretary: z.object({ name: z.string(), idNumber: z.string(), verified: z.boolean() }).nullable(),
  contactPhone: z.string().nullable(),
  industry: z.string().nullable(),
  status: z.enum(['active', 'dissolved']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgView = z.infer<typeof orgView>;

/** `GET /orgs/:id/children`: active children by default; dissolved ones when asked. */
export const orgChildrenQuery = pageQuery.extend({ status: z.enum(['active', 'dissolved', 'all']).default('active') });

/**
 * `GET /orgs/:id/change-requests`: `children` — the requests the org's admin must decide;
 * `self` — the org's own requests (its admin, or its superior's).
 */
export const orgChangeRequestQuery = pageQuery.extend({
  status: changeRequestStatusFilter,
  about: z.enum(['children', 'self']).default('children'),
});

export const dissolveOrgBody = z.object({ version: z.number().int().min(1) }).strict();

/** `GET /orgs/:id/path`: root first, the org last — the breadcrumbs of a page. */
export const orgPathView = z.object({
  items: z.array(z.object({ id: uuid, name: z.string(), shortName: z.string().nullable(), type: orgType })),
});

/** `GET /orgs/:id/secretary/history`: the secretaries replaced, latest first, ID numbers masked. */
export const secretaryHistoryView = z.object({
  items: z.array(z.object({ name: z.string(), idNumber: z.string(), setAt: z.string(), replacedAt: z.string() })),
});

/** An org info change waiting for (or decided by) the superior. */
export const orgChangeRequestView = changeRequestView.extend({ orgId: uuid, orgName: z.string() });
export type OrgChangeRequestView = z.infer<typeof orgChangeRequestView>;

/** PATCH by the org's own admin: 202, the change became a request for the superior. */
export const orgChangeAcceptedView = z.object({ changeRequestId: uuid, changeRequest: orgChangeRequestView });

/** A decision on a change request: the request, and the org as it now is when approved. */
export const orgChangeDecisionView = z.object({ changeRequest: orgChangeRequestView, org: orgView.optional() });

/** `POST /orgs/:id/registration-codes`: every direct child when no ids are given. */
export const registrationCodesBody = z.object({ childOrgIds: z.array(uuid).min(1).max(1000).optional() }).strict();

/** The codes just generated: shown this once (the service keeps only hashes). */
export const generatedCodesView = z.object({
  items: z.array(z.object({ orgId: uuid, orgName: z.string(), code: z.string(), expiresAt: z.string() })),
});

export const registrationCodeState = z.enum(['none', 'active', 'used', 'expired']);

/** `GET /orgs/:id/registration-codes`: each direct child's current code, as its last two characters. */
export const registrationCodeStatesView = z.object({
  items: z.array(
    z.object({
      orgId: uuid,
      orgName: z.string(),
      orgType: orgType,
      /** `********xY`, or null when none was generated. */
      code: z.string().nullable(),
      expiresAt: z.string().nullable(),
      usedAt: z.string().nullable(),
      state: registrationCodeState,
    }),
  ),
});

/**
 * `GET /org-search`: active orgs whose name contains `q` (at least two characters), of the given
 * types (comma-separated; all when omitted), below `within` when given. Public: the registration page and a transfer's
 * target need it, and org names are not personal data.
 */
export const orgSearchQuery = z.object({
  q: nameText({ min: 2, max: 30 }),
  types: z
    .string()
    .max(100)
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(orgType).min(1))
    .optional(),
  /** Only orgs below this one (a search within my subtree). */
  within: uuid.optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInt({ min: 1, max: 50 }).default(20),
});
export type OrgSearchQuery = z.infer<typeof orgSearchQuery>;

/**
 * The orgs found, each with the names above it (root first) to tell apart orgs of one name. A
 * search reads a bounded stretch of the tree per call: `nextCursor` continues it, and may come
 * with fewer than `limit` items.
 */
export const orgSearchView = z.object({
  items: z.array(z.object({ id: uuid, name: z.string(), type: orgType, path: z.array(z.string()) })),
  nextCursor: z.string().nullable(),
});
