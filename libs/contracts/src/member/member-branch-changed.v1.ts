import { uuid } from '../common.js';
import { defineEvent } from '../events/define.js';
import { memberPlacement } from './member-snapshot.js';

export const memberBranchChangedV1 = defineEvent({
  subject: 'member.branch_changed',
  version: 1,
  stream: 'MEMBER',
  schema: memberPlacement.extend({ fromBranchId: uuid, transferId: uuid.optional() }),
  description: 'a member’s organisational relationship moved to another branch',
});
