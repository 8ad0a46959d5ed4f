import type { Model } from 'mongoose';
import { runConsumer, subscribe, upsertIfNewer, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1, memberUpdatedV1 } from '@zhtj/contracts';
import { hashIdNumber, type ProjectedMember } from '../store/member-projection.model.js';

/** A member event applied unless the projection holds its version or a newer one (idempotent). */
const applyNewer = async (
  model: Model<ProjectedMember>,
  id: string,
  version: number,
  set: Partial<ProjectedMember>,
  create: boolean,
): Promise<void> => void (await upsertIfNewer(model, id, version, set, { create }));

/** Keeps `member_projection` from the MEMBER stream, from its start when the projection is empty. */
export async function runMemberProjection(bus: Bus, model: Model<ProjectedMember>): Promise<ConsumerRunner> {
  await model.init();
  const fresh = (await model.estimatedDocumentCount()) === 0;
  return runConsumer(bus, {
    stream: 'MEMBER',
    durable: 'transfer-members',
    deliverFrom: 'all',
    replayFromStart: fresh,
    subscriptions: [
      subscribe(memberCreatedV1, (m) =>
        applyNewer(
          model,
          m.id,
          m.version,
          {
            name: m.name,
            idNumberHash: hashIdNumber(m.idNumber),
            branchId: m.branchId,
            branchAncestors: m.branchAncestors,
            removed: false,
          },
          true,
        ),
      ),
      subscribe(memberUpdatedV1, (m) =>
        applyNewer(model, m.id, m.version, { name: m.name, branchId: m.branchId, branchAncestors: m.branchAncestors }, false),
      ),
      subscribe(memberBranchChangedV1, (m) =>
        applyNewer(model, m.id, m.version, { branchId: m.branchId, branchAncestors: m.branchAncestors }, false),
      ),
      subscribe(memberRemovedV1, (m) => applyNewer(model, m.id, m.version, { removed: true }, false)),
    ],
  });
}
