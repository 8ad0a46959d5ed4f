import type { Model } from 'mongoose';
import { runBatchConsumer, type Bus, type BatchConsumerRunner } from '@zhtj/bus';
import { memberCreatedV1 } from '@zhtj/contracts';
import type { AccountDocument } from '../store/account.model.js';
import { createMemberAccounts } from './create-member-accounts.handler.js';

/** Every event identity consumes, and its handler. */
export async function startSubscriptions(
  bus: Bus,
  accounts: Model<AccountDocument>,
  afterWrite: () => void,
): Promise<BatchConsumerRunner[]> {
  return [
    await runBatchConsumer(bus, {
      stream: 'MEMBER',
      durable: 'identity-member-accounts',
      contract: memberCreatedV1,
      maxBatch: 1000,
      handleBatch: async (events) => {
        if ((await createMemberAccounts(accounts, events)) > 0) afterWrite();
      },
    }),
  ];
}
