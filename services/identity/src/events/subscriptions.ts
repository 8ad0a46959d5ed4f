import { runBatchConsumer, runConsumer, subscribe, type Bus } from '@zhtj/bus';
import { memberBranchChangedV1, memberCreatedV1, memberRemovedV1 } from '@zhtj/contracts';
import { createMemberAccounts, type MemberAccountsDependencies } from './create-member-accounts.handler.js';
import { followPlacement, memberMoved, memberRemoved } from './follow-members.handler.js';

/** Every event identity consumes, and its handler. */
export async function startSubscriptions(bus: Bus, deps: MemberAccountsDependencies): Promise<Array<{ stop(): Promise<void> }>> {
  return [
    await runBatchConsumer(bus, {
      stream: 'MEMBER',
      durable: 'identity-member-accounts',
      contract: memberCreatedV1,
      maxBatch: 1000,
      handleBatch: async (events) => {
        await createMemberAccounts(deps, events);
      },
    }),
    // Accounts follow their members' moves and removals (one at a time, in stream order).
    await runConsumer(bus, {
      stream: 'MEMBER',
      durable: 'identity-member-placements',
      // The account must not keep a lost grant: retried for a while before a dead letter.
      backoffMs: [500, 2000, 10_000, 30_000],
      maxDeliver: 10,
      subscriptions: [
        subscribe(memberBranchChangedV1, (data) => followPlacement(deps.follow, memberMoved(data))),
        subscribe(memberRemovedV1, (data) => followPlacement(deps.follow, memberRemoved(data))),
      ],
    }),
  ];
}
