import { runBatchConsumer, type Bus, type BatchConsumerRunner } from '@zhtj/bus';
import { memberCreatedV1 } from '@zhtj/contracts';
import { createMemberAccounts, type MemberAccountsDependencies } from './create-member-accounts.handler.js';

/** Every event identity consumes, and its handler. */
export async function startSubscriptions(bus: Bus, deps: MemberAccountsDependencies): Promise<BatchConsumerRunner[]> {
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
  ];
}
