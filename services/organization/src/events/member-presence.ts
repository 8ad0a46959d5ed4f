import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1 } from '@zhtj/contracts';
import type { BranchMemberRepository } from '../store/branch-member.repository.js';

/** Keeps `branch_members` from the MEMBER stream, from its start on a fresh durable. */
export function runMemberPresence(bus: Bus, branchMembers: BranchMemberRepository): Promise<ConsumerRunner> {
  return runConsumer(bus, {
    stream: 'MEMBER',
    durable: 'organization-member-presence',
    deliverFrom: 'all',
    subscriptions: [
      subscribe(memberCreatedV1, (m) => branchMembers.recordPlacement(m.id, m.branchId, m.version)),
      subscribe(memberBranchChangedV1, (m) => branchMembers.recordPlacement(m.id, m.branchId, m.version)),
      subscribe(memberRemovedV1, (m) => branchMembers.recordPlacement(m.id, null, m.version)),
    ],
  });
}
