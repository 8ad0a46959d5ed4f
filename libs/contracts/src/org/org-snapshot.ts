import { z } from 'zod';
import { orgType, uuid } from '../common.js';

/**
 * What other services need to keep their own projection of the tree: enough to decide
 * authority (ancestors) and whether an org can hold members (type, status).
 */
export const orgSnapshot = z.object({
  id: uuid,
  name: z.string().min(1),
  shortName: z.string().optional(),
  type: orgType,
  parentId: uuid.nullable(),
  ancestors: z.array(uuid),
  depth: z.number().int().min(0),
  status: z.enum(['active', 'dissolved']),
  /** Aggregate version after the change; projections ignore anything not newer than they hold. */
  version: z.number().int().min(1),
});
export type OrgSnapshot = z.infer<typeof orgSnapshot>;
