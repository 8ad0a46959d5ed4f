import type { Connection } from 'mongoose';
import type { Bus, OrgProjection } from '@zhtj/bus';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { cadreModel } from './store/cadre.model.js';
import { identityCheckBatchModel } from './store/identity-check-batch.model.js';
import { developmentNumberModel } from './store/development-number.model.js';
import { memberBatchModel } from './store/member-batch.model.js';
import { memberChangeRequestModel } from './store/member-change-request.model.js';
import { memberModel } from './store/member.model.js';
import { developmentNumbers } from './usecases/development-numbers.js';

/** The service's dependencies on a connection: models with their indexes, the org projection. */
export async function composeMembership(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; bus?: Bus },
): Promise<AppDependencies> {
  const members = memberModel(mongo);
  const batches = memberBatchModel(mongo);
  const numbers = developmentNumberModel(mongo);
  const deps: AppDependencies = {
    members,
    cadres: cadreModel(mongo),
    changeRequests: memberChangeRequestModel(mongo),
    batches,
    checkBatches: identityCheckBatchModel(mongo),
    developmentNumbers: developmentNumbers(numbers, members),
    orgs: options.orgs,
    verifyToken: options.verifyToken,
    ...(options.bus ? { bus: options.bus } : {}),
  };
  await Promise.all([
    members.init(),
    numbers.init(),
    deps.cadres.init(),
    deps.changeRequests.init(),
    deps.batches.init(),
    deps.checkBatches.init(),
  ]);
  return deps;
}
