import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import { memberBranchChangedV1, memberBranchChangeFailedV1 } from '@zhtj/contracts';
import { completeTransfer, failTransfer } from '../usecases/settle-transfer.js';
import type { TransferRepository } from '../store/transfer.repository.js';

/** transfer's half of the saga: membership's answer completes or fails the transfer. */
export function runSagaConsumer(bus: Bus, transfers: TransferRepository): Promise<ConsumerRunner> {
  return runConsumer(bus, {
    stream: 'MEMBER',
    durable: 'transfer-saga',
    backoffMs: [500, 2000, 10_000],
    maxDeliver: 8,
    // One transfer's answers in order; different transfers' at once.
    concurrency: 8,
    orderKey: (m) => (typeof m.transferId === 'string' ? m.transferId : undefined),
    subscriptions: [
      subscribe(memberBranchChangedV1, async (m) => {
        if (m.transferId) await completeTransfer(transfers, m.transferId, m.branchId);
      }),
      subscribe(memberBranchChangeFailedV1, (f) => failTransfer(transfers, f.transferId, f.reason)),
    ],
  });
}
