import { z } from 'zod';
import { orgType, uuid, pageLimit } from '../common.js';
import { nameText } from '../text-policy.js';

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
