import { Schema, type Connection, type Model } from 'mongoose';
import type { OrgType } from '@zhtj/contracts';
import type { TransferStatus } from '../domain/transfer-lifecycle.js';
import { outboxPlugin, type OutboxEntry, baseSchemaOptions } from '@zhtj/store';

export interface HistoryEntry {
  at: Date;
  action: 'requested' | 'approved' | 'assigned' | 'completed' | 'rejected' | 'cancelled' | 'expired' | 'failed';
  by: { accountId: string; name?: string } | null;
  comment?: string | null;
}

/** An organisational-relationship transfer and its history. */
export interface TransferDocument {
  _id: string;
  direction: 'in' | 'out';
  memberId: string;
  memberName: string;
  fromBranchId: string;
  fromBranchAncestors: string[];
  toOrgId: string;
  toOrgType: OrgType;
  toOrgAncestors: string[];
  targetBranchId: string | null;
  reasonCode: string;
  reasonText: string | null;
  status: TransferStatus;
  /**
   * The member's id while the transfer is open, its own id once closed: a unique index on it lets
   * a member have at most one open transfer, in a single-document write.
   */
  openFor: string;
  /** Orgs whose admins are to act now (approve, or assign); empty once nobody is. */
  awaitingOrgIds: string[];
  /** Both ends and everything above them: the orgs whose admins may see the transfer. */
  involvedOrgIds: string[];
  requestedBy: { accountId: string; name?: string };
  history: HistoryEntry[];
  expiresAt: Date;
  version: number;
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema({ accountId: { type: String, required: true }, name: String }, { _id: false });
const historySchema = new Schema<HistoryEntry>(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    by: { type: actorSchema, default: null },
    comment: { type: String, default: null },
  },
  { _id: false },
);

const transferSchema = new Schema<TransferDocument>(
  {
    _id: { type: String, required: true },
    direction: { type: String, required: true, enum: ['in', 'out'] },
    memberId: { type: String, required: true },
    memberName: { type: String, required: true },
    fromBranchId: { type: String, required: true },
    fromBranchAncestors: { type: [String], default: [] },
    toOrgId: { type: String, required: true },
    toOrgType: { type: String, required: true },
    toOrgAncestors: { type: [String], default: [] },
    targetBranchId: { type: String, default: null },
    reasonCode: { type: String, required: true },
    reasonText: { type: String, default: null },
    status: { type: String, required: true },
    openFor: { type: String, required: true },
    awaitingOrgIds: { type: [String], default: [] },
    involvedOrgIds: { type: [String], default: [] },
    requestedBy: { type: actorSchema, required: true },
    history: { type: [historySchema], default: [] },
    expiresAt: { type: Date, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  baseSchemaOptions,
);
transferSchema.plugin(outboxPlugin);
transferSchema.index({ openFor: 1 }, { unique: true });
transferSchema.index({ awaitingOrgIds: 1, _id: 1 });
transferSchema.index({ involvedOrgIds: 1, _id: 1 });
// A member's own transfers, by id (GET /transfers?about=me), and the saga's lookups by member.
transferSchema.index({ memberId: 1, _id: 1 });
transferSchema.index({ status: 1, expiresAt: 1 });

export function transferModel(connection: Connection): Model<TransferDocument> {
  return connection.models.Transfer ?? connection.model<TransferDocument>('Transfer', transferSchema, 'transfers');
}
