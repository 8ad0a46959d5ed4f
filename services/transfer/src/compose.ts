import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { memberProjectionModel } from './store/member-projection.model.js';
import { MemberProjectionRepository } from './store/member-projection.repository.js';
import { transferModel } from './store/transfer.model.js';
import { TransferRepository } from './store/transfer.repository.js';
import type { OrgProjection } from '@zhtj/store';

/** The service's dependencies on a connection: repositories over models with their indexes, the org projection. */
export async function composeTransfer(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; ttlDays: number },
): Promise<AppDependencies> {
  const transfers = transferModel(mongo);
  const members = memberProjectionModel(mongo);
  await Promise.all([transfers.init(), members.init()]);
  return {
    transfers: new TransferRepository(transfers),
    members: new MemberProjectionRepository(members),
    orgs: options.orgs,
    ttlDays: options.ttlDays,
    verifyToken: options.verifyToken,
    outboxes: [transfers],
  };
}
