import { identityAccountCreatedV1 } from '../identity/identity-account-created.v1.js';
import { identityAdminRegisteredV1 } from '../identity/identity-admin-registered.v1.js';
import { identityPasswordChangedV1 } from '../identity/identity-password-changed.v1.js';
import { importCompletedV1 } from '../import/import-completed.v1.js';
import { importJobQueuedV1 } from '../import/import-job-queued.v1.js';
import { memberBranchChangeFailedV1 } from '../member/member-branch-change-failed.v1.js';
import { memberBranchChangedV1 } from '../member/member-branch-changed.v1.js';
import { memberCreatedV1 } from '../member/member-created.v1.js';
import { memberRemovedV1 } from '../member/member-removed.v1.js';
import { memberUpdatedV1 } from '../member/member-updated.v1.js';
import { orgCreatedV1 } from '../org/org-created.v1.js';
import { orgDissolvedV1 } from '../org/org-dissolved.v1.js';
import { orgSecretaryChangedV1 } from '../org/org-secretary-changed.v1.js';
import { orgUpdatedV1 } from '../org/org-updated.v1.js';
import { orgChangeDecidedV1, orgChangeRequestedV1 } from '../org/org-change-requested.v1.js';
import { memberChangeDecidedV1, memberChangeRequestedV1 } from '../member/member-change-requested.v1.js';
import { memberCadreAppointedV1 } from '../member/member-cadre-appointed.v1.js';
import { transferApprovedV1 } from '../transfer/transfer-approved.v1.js';
import { transferAssignedV1 } from '../transfer/transfer-assigned.v1.js';
import { transferCancelledV1 } from '../transfer/transfer-cancelled.v1.js';
import { transferCompletedV1 } from '../transfer/transfer-completed.v1.js';
import { transferExpiredV1 } from '../transfer/transfer-expired.v1.js';
import { transferFailedV1 } from '../transfer/transfer-failed.v1.js';
import { transferRejectedV1 } from '../transfer/transfer-rejected.v1.js';
import { transferRequestedV1 } from '../transfer/transfer-requested.v1.js';
import type { EventContract } from './define.js';

/** Every event the system publishes. A subject+version appears here exactly once. */
export const eventContracts = [
  orgCreatedV1,
  orgUpdatedV1,
  orgDissolvedV1,
  orgSecretaryChangedV1,
  orgChangeRequestedV1,
  orgChangeDecidedV1,
  memberCreatedV1,
  memberUpdatedV1,
  memberBranchChangedV1,
  memberBranchChangeFailedV1,
  memberRemovedV1,
  memberChangeRequestedV1,
  memberChangeDecidedV1,
  memberCadreAppointedV1,
  transferRequestedV1,
  transferApprovedV1,
  transferRejectedV1,
  transferCancelledV1,
  transferAssignedV1,
  transferCompletedV1,
  transferExpiredV1,
  transferFailedV1,
  identityAccountCreatedV1,
  identityAdminRegisteredV1,
  identityPasswordChangedV1,
  importCompletedV1,
  importJobQueuedV1,
] as const satisfies readonly EventContract[];

const bySubjectAndVersion = new Map(eventContracts.map((c) => [`${c.subject}@${c.version}`, c as EventContract]));

/** The contract for a subject (without namespace prefix) and version, if there is one. */
export function findEventContract(subject: string, version: number): EventContract | undefined {
  return bySubjectAndVersion.get(`${subject}@${version}`);
}
