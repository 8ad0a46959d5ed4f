import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1, memberUpdatedV1 } from '@zhtj/contracts';
import { hashIdNumber } from '../store/member-projection.model.js';
import type { MemberProjectionRepository } from '../store/member-projection.repository.js';

/** Keeps `member_projection` from the MEMBER stream, from its start when the projection is empty. */
export async function runMemberProjection(bus: Bus, members: MemberProjectionRepository): Promise<ConsumerRunner> {
  return runConsumer(bus, {
    stream: 'MEMBER',
    durable: 'transfer-members',
    deliverFrom: 'all',
    replayFromStart: await members.isEmpty(),
    subscriptions: [
      subscribe(memberCreatedV1, (m) =>
        members.applyNewer(
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
        members.applyNewer(m.id, m.version, { name: m.name, branchId: m.branchId, branchAncestors: m.branchAncestors }, false),
      ),
      subscribe(memberBranchChangedV1, (m) =>
        members.applyNewer(m.id, m.version, { branchId: m.branchId, branchAncestors: m.branchAncestors }, false),
      ),
      subscribe(memberRemovedV1, (m) => members.applyNewer(m.id, m.version, { removed: true }, false)),
    ],
  });
}
