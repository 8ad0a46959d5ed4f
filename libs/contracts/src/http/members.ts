import { z } from 'zod';
import { uuid, pageLimit, queryInt } from '../common.js';
import { changeRequestStatusFilter, changeRequestView } from './change-request-view.js';
import { EDITABLE_MEMBER_FIELDS, type EditableMemberField } from '../member/member-fields.js';

/**
 * A person's fields as a client (or an import row) sends them: strings, checked here for type
 * and length only. The member rules (required fields, ID number, enumerations, the joining-age
 * and development-number rules) are membership's, and answer per field with a code.
 */
const text = (max: number) => z.string().max(max);
export const memberFields = {
  name: text(40),
  idNumber: text(32),
  ethnicity: text(20),
  politicalStatus: text(20),
  /** YYYY-MM */
  joinedAt: text(20),
  developmentNumber: text(32),
  educationFullTime: text(20),
  educationHighest: text(20),
  occupation: text(30),
  employer: text(100),
  phone: text(20),
};
export const memberInput = z.object({
  ...memberFields,
  developmentNumber: memberFields.developmentNumber.nullable().optional(),
  educationFullTime: memberFields.educationFullTime.nullable().optional(),
  educationHighest: memberFields.educationHighest.nullable().optional(),
  occupation: memberFields.occupation.nullable().optional(),
  employer: memberFields.employer.nullable().optional(),
  phone: memberFields.phone.nullable().optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

export const createMemberBody = memberInput.strict();

export { EDITABLE_MEMBER_FIELDS, type EditableMemberField };

export const patchMemberBody = z
  .object({
    version: z.number().int().min(1),
    name: memberFields.name.optional(),
    ethnicity: memberFields.ethnicity.optional(),
    politicalStatus: memberFields.politicalStatus.optional(),
    joinedAt: memberFields.joinedAt.optional(),
    developmentNumber: memberFields.developmentNumber.nullable().optional(),
    educationFullTime: memberFields.educationFullTime.nullable().optional(),
    educationHighest: memberFields.educationHighest.nullable().optional(),
    occupation: memberFields.occupation.nullable().optional(),
    employer: memberFields.employer.nullable().optional(),
    phone: memberFields.phone.nullable().optional(),
    /** Present only to be refused with ID_NUMBER_NOT_EDITABLE rather than "unknown field". */
    idNumber: z.unknown().optional(),
  })
  .strict();
export type PatchMemberBody = z.infer<typeof patchMemberBody>;

/** A cadre position: of an existing member, or of a person given by their fields. */
export const cadreFields = {
  position: text(20),
  /** 任现职年月, YYYY-MM */
  since: text(20),
  nature: text(10),
};
export const createCadreBody = z
  .object({
    memberId: uuid.optional(),
    name: memberFields.name.optional(),
    idNumber: memberFields.idNumber.optional(),
    phone: memberFields.phone.optional(),
    ...cadreFields,
  })
  .strict();
export type CreateCadreBody = z.infer<typeof createCadreBody>;

export const memberListQuery = z.object({
  q: z.string().trim().max(40).optional(),
  scope: z.enum(['branch', 'subtree']).default('branch'),
  status: z.enum(['active', 'transferring', 'all']).default('all'),
  cursor: z.string().max(200).optional(),
  limit: pageLimit,
});

/** A member as the API shows it (membership's toMemberView): lists mask the ID number and phone. */
export const memberView = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.enum(['male', 'female']),
  /** Only in the full view (managers of the branch, the member). */
  birthDate: z.string().optional(),
  ethnicity: z.string(),
  politicalStatus: z.string(),
  joinedAt: z.string(),
  developmentNumber: z.string().nullish(),
  educationFullTime: z.string().nullish(),
  educationHighest: z.string().nullish(),
  occupation: z.string().nullish(),
  employer: z.string().nullish(),
  phone: z.string().nullish(),
  branchId: z.string(),
  branchAncestors: z.array(z.string()),
  status: z.enum(['active', 'transferring', 'removed']),
  openTransferId: z.string().nullish(),
  identityCheck: z.enum(['unverified', 'passed', 'failed']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberViewBody = z.infer<typeof memberView>;

/** `GET /orgs/:id/member-change-requests`. */
export const memberChangeRequestQuery = z.object({
  status: changeRequestStatusFilter,
  cursor: z.string().max(200).optional(),
  limit: pageLimit,
});

/** `DELETE /members/:id?version=`: the version the admin saw (a stale one is CONFLICT). */
export const removeMemberQuery = z.object({ version: queryInt({ min: 1 }) });

/** A member's own change of their info, for the branch's admin to decide. */
export const memberChangeRequestView = changeRequestView.extend({
  memberId: z.string(),
  memberName: z.string(),
  branchId: z.string(),
});

/** PATCH by the member: 202, the change became a request for the branch. */
export const memberChangeAcceptedView = z.object({ changeRequestId: z.string(), changeRequest: memberChangeRequestView });

/** A decision on a member's change request: the request, and the member as now when approved. */
export const memberChangeDecisionView = z.object({ changeRequest: memberChangeRequestView, member: memberView.optional() });

/** A cadre post (团干部) as membership shows it: ID number and phone masked. */
export const cadreView = z.object({
  id: z.string(),
  orgId: z.string(),
  memberId: z.string().nullable(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string().nullable(),
  position: z.string(),
  since: z.string(),
  nature: z.string(),
  status: z.enum(['active', 'ended']),
});
