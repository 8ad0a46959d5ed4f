import type { Model } from 'mongoose';
import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1 } from '@zhtj/contracts';
import { isDuplicateKeyError } from '@zhtj/service-kit';
import type { BranchMemberDocument } from '../store/branch-member.model.js';

/**
 * Records a member's branch at a version, unless a newer version is already recorded. Idempotent:
 * a redelivered or out-of-order event matches nothing, and its upsert then clashes on `_id` with
 * the newer row, which is ignored.
 */
export async function recordPlacement(
  branchMembers: Model<BranchMemberDocument>,
  memberId: string,
  branchId: string | null,
  version: number,
): Promise<void> {
  try {
    await branchMembers.updateOne(
      { _id: memberId, version: { $lt: version } },
      { $set: { branchId, version } },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** Keeps `branch_members` from the MEMBER stream, from its start on a fresh durable. */
export function runMemberPresence(bus: Bus, branchMembers: Model<BranchMemberDocument>): Promise<ConsumerRunner> {
  return runConsumer(bus, {
    stream: 'MEMBER',
    durable: 'organization-member-presence',
    deliverFrom: 'all',
    subscriptions: [
      subscribe(memberCreatedV1, (m) => recordPlacement(branchMembers, m.id, m.branchId, m.version)),
      subscribe(memberBranchChangedV1, (m) => recordPlacement(branchMembers, m.id, m.branchId, m.version)),
      subscribe(memberRemovedV1, (m) => recordPlacement(branchMembers, m.id, null, m.version)),
    ],
  });
}
