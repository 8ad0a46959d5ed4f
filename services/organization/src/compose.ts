import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { formSecretaryVerifier, type SecretaryVerifier } from './domain/secretary-verifier.js';
import { backfillNameGrams, countNameGrams } from './store/backfill-name-grams.js';
import { branchMemberModel } from './store/branch-member.model.js';
import { BranchMemberRepository } from './store/branch-member.repository.js';
import { orgChangeRequestModel } from './store/org-change-request.model.js';
import { OrgChangeRequestRepository } from './store/org-change-request.repository.js';
import { orgModel } from './store/org.model.js';
import { OrgRepository } from './store/org.repository.js';
import { registrationCodeModel } from './store/registration-code.model.js';
import { RegistrationCodeRepository } from './store/registration-code.repository.js';

/** Builds the service's dependencies on a connection: repositories over models with their indexes, verifier, settings. */
export async function composeOrganization(
  mongo: Connection,
  options: { ttlDays: number; verifyToken: TokenVerifier; verifier?: SecretaryVerifier },
): Promise<AppDependencies> {
  const orgs = orgModel(mongo);
  const codes = registrationCodeModel(mongo);
  const changeRequests = orgChangeRequestModel(mongo);
  const branchMembers = branchMemberModel(mongo);
  await Promise.all([orgs.init(), codes.init(), changeRequests.init(), branchMembers.init()]);
  await backfillNameGrams(mongo, orgs);
  await countNameGrams(mongo, orgs);
  return {
    orgs: new OrgRepository(orgs),
    codes: new RegistrationCodeRepository(codes),
    changeRequests: new OrgChangeRequestRepository(changeRequests),
    branchMembers: new BranchMemberRepository(branchMembers),
    verifier: options.verifier ?? formSecretaryVerifier,
    ttlDays: options.ttlDays,
    verifyToken: options.verifyToken,
    outboxes: [orgs, changeRequests],
  };
}
