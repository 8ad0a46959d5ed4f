import type { Model } from 'mongoose';
import { pushEvents } from '@zhtj/bus';
import { createEvent, type EventContract, type TransferSnapshot } from '@zhtj/contracts';
import { AppError } from '@zhtj/service-kit';
import { CLOSED_STATUSES, next as nextStatus, STATUS_LABELS, type TransferAction } from '../domain/transfer-lifecycle.js';
import type { HistoryEntry, TransferDocument } from '../store/transfer.model.js';

export type Transfers = Model<TransferDocument>;

export async function loadTransfer(transfers: Transfers, id: string): Promise<TransferDocument> {
  const transfer = await transfers.findById(id).lean<TransferDocument>();
  if (!transfer) throw new AppError('TRANSFER_NOT_FOUND');
  return transfer;
}

export function snapshotOf(
  t: Pick<
    TransferDocument,
    '_id' | 'direction' | 'memberId' | 'fromBranchId' | 'toOrgId' | 'targetBranchId' | 'reasonCode' | 'status' | 'version'
  >,
): TransferSnapshot {
  return {
    id: t._id,
    direction: t.direction,
    memberId: t.memberId,
    fromBranchId: t.fromBranchId,
    toOrgId: t.toOrgId,
    targetBranchId: t.targetBranchId,
    reasonCode: t.reasonCode,
    status: t.status,
    version: t.version,
  };
}

/**
 * Takes an action on a transfer: the status it leads to comes from the lifecycle table, and is
 * written with its history entry and its event in the same single-document write, guarded on the
 * status and version it was read at. Closing frees the member for another transfer (`openFor`).
 * Answers null when someone else moved it first. Callers ask `allows` first: an action the table
 * refuses here is a bug, not a user's mistake.
 */
export async function advance(
  transfers: Transfers,
  t: TransferDocument,
  next: {
    action: TransferAction;
    set?: Partial<TransferDocument>;
    history: Omit<HistoryEntry, 'at'>;
    event: EventContract;
    extra?: Record<string, unknown>;
  },
  now = new Date(),
): Promise<TransferDocument | null> {
  const status = nextStatus(t.status, next.action, t);
  if (!status) throw new Error(`transfer ${t._id}: ${next.action} is not allowed from ${t.status}`);
  const after = { ...t, ...next.set, status, version: t.version + 1 };
  const closing = CLOSED_STATUSES.includes(status);
  const set = {
    ...next.set,
    status,
    ...(closing ? { openFor: t._id, awaitingOrgIds: [] } : {}),
  };
  const event = createEvent(next.event, { ...snapshotOf(after), ...next.extra } as never, {
    source: 'transfer',
    occurredAt: now,
  });
  const updated = await transfers
    .findOneAndUpdate(
      { _id: t._id, version: t.version, status: t.status },
      {
        $set: set,
        $inc: { version: 1 },
        $push: { history: { ...next.history, at: now }, ...pushEvents(event).$push },
      },
      { returnDocument: 'after' },
    )
    .lean<TransferDocument>();
  return updated;
}

/** The refusal when a transfer is not in the state an action needs. */
export function notPending(t: TransferDocument): AppError {
  return new AppError('TRANSFER_NOT_PENDING', { params: { status: STATUS_LABELS[t.status] } });
}
