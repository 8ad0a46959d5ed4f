import { z } from 'zod';
import { uuid } from '../common.js';

export const memberPlacement = z.object({
  id: uuid,
  branchId: uuid,
  /** The branch's ancestors, root first, so subtree queries need no tree walk. */
  branchAncestors: z.array(uuid),
  version: z.number().int().min(1),
});
