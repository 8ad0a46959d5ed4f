import { z } from 'zod';
import { uuid } from '../common.js';
import { changeRequestDecision, changeRequestFiled } from '../change-request/change-request-events.js';
import { defineEvent } from '../events/define.js';

const aboutOrg = z.object({
  orgId: uuid,
  orgName: z.string().min(1),
  /** The org whose admin decides: the requesting org's direct superior. */
  deciderOrgId: uuid,
});

export const orgChangeRequestedV1 = defineEvent({
  subject: 'org.change_requested',
  version: 1,
  stream: 'ORG',
  schema: changeRequestFiled.extend(aboutOrg.shape),
  description: 'an org’s admin asked its direct superior to approve a change of the org’s info',
});

export const orgChangeDecidedV1 = defineEvent({
  subject: 'org.change_decided',
  version: 1,
  stream: 'ORG',
  schema: changeRequestDecision.extend(aboutOrg.shape),
  description: 'the superior’s admin approved or rejected an org’s change request',
});
