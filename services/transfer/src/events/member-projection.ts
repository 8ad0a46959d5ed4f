import type { Model } from 'mongoose';
import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1, memberUpdatedV1 } from '@zhtj/contracts';
import { isDuplicateKeyError } from '@zhtj/service-kit';
import { hashIdNumber, type ProjectedMember } from '../store/member-projection.model.js';

/**
 * Applies a member event unless the projection holds that version or a newer one: redelivered,
 * duplicated and out-of-order events change nothing.
 */
async function applyNewer(
  model: Model<ProjectedMember>,
  id: string,
  version: number,
  set: Partial<ProjectedMember>,
  upsert: boolean,
) {
  try {
    await model.updateOne({ _id: id, version: { $lt: version } }, { $set: { ...set, version } }, { upsert });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

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
