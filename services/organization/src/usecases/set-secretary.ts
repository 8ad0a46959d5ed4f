import { createEvent, orgSecretaryChangedV1, AppError } from '@zhtj/contracts';
import { parseIdNumber } from '@zhtj/id-number';
import { requireManage, type Caller } from '@zhtj/service-kit';
import type { SecretaryCandidate, SecretaryVerifier } from '../domain/secretary-verifier.js';
import type { OrgDocument } from '../store/org.model.js';
import { placeOf, type OrgRepository } from '../store/org.repository.js';
import { toOrgView } from './org-view.js';

/**
 * PUT /orgs/:id/secretary, by the org's admin or its direct superior's. The candidate must pass
 * the verifier; a replaced secretary moves to the history in the same write as the new one and
 * the `org.secretary_changed` event.
 */
export async function setSecretary(
  deps: { orgs: OrgRepository; verifier: SecretaryVerifier },
  caller: Caller,
  id: string,
  candidate: SecretaryCandidate,
  now = new Date(),
): Promise<OrgDocument> {
  const { org, scope } = await deps.orgs.get(id, (o) => requireManage(caller.roles, placeOf(o)));
  if (org.status !== 'active') throw new AppError('ORG_NOT_ACTIVE', { params: { orgName: org.name } });

  const verdict = await deps.verifier.verify(candidate);
  if (!verdict.ok) throw new AppError('SECRETARY_VERIFICATION_FAILED', { errors: verdict.problems });
  const parsed = parseIdNumber(candidate.idNumber);
  const idNumber = parsed.ok ? parsed.id.value : candidate.idNumber;
  if (org.secretary && org.secretary.name === candidate.name && org.secretary.idNumber === idNumber) return org;

  const secretary = { name: candidate.name, idNumber, verified: true, setAt: now, setBy: caller.accountId };
  const event = createEvent(
    orgSecretaryChangedV1,
    { id: org._id, secretaryName: secretary.name, verified: true, version: org.version + 1 },
    { source: 'organization' },
  );
  return deps.orgs.saveWithEvents(
    scope,
    org,
    { $set: { secretary }, ...(org.secretary ? { $push: { secretaryHistory: { ...org.secretary, replacedAt: now } } } : {}) },
    [event],
    (current) => toOrgView(current, caller.roles),
  );
}
