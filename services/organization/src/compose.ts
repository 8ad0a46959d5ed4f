import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { formSecretaryVerifier, type SecretaryVerifier } from './domain/secretary-verifier.js';
import { backfillNameGrams, countNameGrams } from './store/backfill-name-grams.js';
import { branchMemberModel } from './store/branch-member.model.js';
import { orgChangeRequestModel } from './store/org-change-request.model.js';
import { orgModel } from './store/org.model.js';
import { registrationCodeModel } from './store/registration-code.model.js';

/** Builds the service's dependencies on a connection: models with their indexes, verifier, settings. */
export async function composeOrganization(
  mongo: Connection,
  options: { ttlDays: number; verifyToken: TokenVerifier; verifier?: SecretaryVerifier },
): Promise<AppDependencies> {
  const deps: AppDependencies = {
    orgs: orgModel(mongo),
    codes: registrationCodeModel(mongo),
    changeRequests: orgChangeRequestModel(mongo),
    branchMembers: branchMemberModel(mongo),
    verifier: options.verifier ?? formSecretaryVerifier,
    ttlDays: options.ttlDays,
    verifyToken: options.verifyToken,
  };
  await Promise.all([deps.orgs.init(), deps.codes.init(), deps.changeRequests.init(), deps.branchMembers.init()]);
  await backfillNameGrams(mongo, deps.orgs);
  await countNameGrams(mongo, deps.orgs);
  return deps;
}
