import type { Model } from 'mongoose';
import { runConsumer, subscribe, upsertIfNewer, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1 } from '@zhtj/contracts';
import type { BranchMemberDocument } from '../store/branch-member.model.js';

/** Records a member's branch at a version, unless a newer version is already recorded (idempotent). */
export async function recordPlacement(
  branchMembers: Model<BranchMemberDocument>,
  memberId: string,
  branchId: string | null,
  version: number,
): Promise<void> {
  await upsertIfNewer(branchMembers, memberId, version, { branchId });
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
