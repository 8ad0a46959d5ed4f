import { transferCompletedV1, transferExpiredV1, transferFailedV1 } from '@zhtj/contracts';
import { allows } from '../domain/transfer-lifecycle.js';
import type { TransferRepository } from '../store/transfer.repository.js';

/** Written when something other than an admin moved the transfer on. */
class RaceLost extends Error {}

/**
 * membership moved the member (`member.branch_changed` naming this transfer): completed.
 * Idempotent: a transfer already completed, or not waiting for the move, is left alone.
 */
export async function completeTransfer(transfers: TransferRepository, transferId: string, branchId: string): Promise<void> {
  const t = await transfers.record(transferId);
  if (!t || !allows(t.status, 'complete') || t.targetBranchId !== branchId) return;
  const done = await transfers.advance(t, {
    action: 'complete',
    history: { action: 'completed', by: null },
    event: transferCompletedV1,
  });
  if (!done) throw new RaceLost(`transfer ${transferId} changed while completing`);
}

/** membership could not move the member: the transfer ends failed, with the reason. */
export async function failTransfer(transfers: TransferRepository, transferId: string, reason: string): Promise<void> {
  const t = await transfers.record(transferId);
  if (!t || !allows(t.status, 'fail')) return;
  const done = await transfers.advance(t, {
    action: 'fail',
    history: { action: 'failed', by: null, comment: reason },
    event: transferFailedV1,
    extra: { reason },
  });
  if (!done) throw new RaceLost(`transfer ${transferId} changed while failing`);
}

/** Open transfers past their deadline expire, so nothing waits forever. Answers how many. */
export async function expireTransfers(transfers: TransferRepository, now = new Date(), batch = 100): Promise<number> {
  const due = await transfers.dueToExpire(now, batch);
  let expired = 0;
  for (const t of due) {
    const done = await transfers.advance(
      t,
      { action: 'expire', history: { action: 'expired', by: null }, event: transferExpiredV1 },
      now,
    );
    if (done) expired += 1;
  }
  return expired;
}
