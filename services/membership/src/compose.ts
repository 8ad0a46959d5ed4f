import type { Connection } from 'mongoose';
import { type Bus } from '@zhtj/bus';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { cadreModel } from './store/cadre.model.js';
import { CadreRepository } from './store/cadre.repository.js';
import { developmentNumberModel } from './store/development-number.model.js';
import { developmentNumbers } from './store/development-number.repository.js';
import { identityCheckBatchModel } from './store/identity-check-batch.model.js';
import { memberBatchModel } from './store/member-batch.model.js';
import { memberChangeRequestModel } from './store/member-change-request.model.js';
import { MemberChangeRequestRepository } from './store/member-change-request.repository.js';
import { memberModel } from './store/member.model.js';
import { MemberRepository } from './store/member.repository.js';
import { OutboxBatches, type OrgProjection } from '@zhtj/store';

/** The service's dependencies on a connection: repositories over models with their indexes, the org projection. */
export async function composeMembership(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; bus?: Bus },
): Promise<AppDependencies> {
  const models = {
    members: memberModel(mongo),
    numbers: developmentNumberModel(mongo),
    cadres: cadreModel(mongo),
    changeRequests: memberChangeRequestModel(mongo),
    batches: memberBatchModel(mongo),
    checkBatches: identityCheckBatchModel(mongo),
  };
  await Promise.all([
    models.members.init(),
    models.numbers.init(),
    models.cadres.init(),
    models.changeRequests.init(),
    models.batches.init(),
    models.checkBatches.init(),
  ]);
  const members = new MemberRepository(models.members);
  return {
    members,
    cadres: new CadreRepository(models.cadres),
    changeRequests: new MemberChangeRequestRepository(models.changeRequests),
    batches: new OutboxBatches(models.batches),
    checkBatches: new OutboxBatches(models.checkBatches),
    developmentNumbers: developmentNumbers(models.numbers, members),
    orgs: options.orgs,
    verifyToken: options.verifyToken,
    ...(options.bus ? { bus: options.bus } : {}),
    outboxes: [models.members, models.changeRequests, models.cadres, models.batches, models.checkBatches],
  };
}
