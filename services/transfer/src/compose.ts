import type { Connection } from 'mongoose';
import type { OrgProjection } from '@zhtj/bus';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { memberProjectionModel } from './store/member-projection.model.js';
import { transferModel } from './store/transfer.model.js';

export async function composeTransfer(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; ttlDays: number },
): Promise<AppDependencies> {
  const deps: AppDependencies = {
    transfers: transferModel(mongo),
    members: memberProjectionModel(mongo),
    orgs: options.orgs,
    ttlDays: options.ttlDays,
    verifyToken: options.verifyToken,
  };
  await Promise.all([deps.transfers.init(), deps.members.init()]);
  return deps;
}
