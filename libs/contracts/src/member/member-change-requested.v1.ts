import { z } from 'zod';
import { uuid } from '../common.js';
import { changeRequestDecision, changeRequestFiled } from '../change-request/change-request-events.js';
import { defineEvent } from '../events/define.js';

const aboutMember = z.object({
  memberId: uuid,
  memberName: z.string().min(1),
  /** The branch the member was in when they asked: its managers decide. */
  branchId: uuid,
});

export const memberChangeRequestedV1 = defineEvent({
  subject: 'member.change_requested',
  version: 1,
  stream: 'MEMBER',
  schema: changeRequestFiled.extend(aboutMember.shape),
  description: 'a member asked their branch to approve a change of their own info',
});

export const memberChangeDecidedV1 = defineEvent({
  subject: 'member.change_decided',
  version: 1,
  stream: 'MEMBER',
  schema: changeRequestDecision.extend(aboutMember.shape),
  description: 'a manager of the member’s branch approved or rejected the member’s change request',
});
