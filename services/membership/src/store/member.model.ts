import { Schema, type Connection, type Model } from 'mongoose';
import type { ValidMember } from '../domain/member-rules.js';
import { outboxPlugin, type OutboxEntry, appliedApprovalField, baseSchemaOptions } from '@zhtj/store';
import { type AppliedApproval } from '@zhtj/contracts';

export type MemberStatus = 'active' | 'transferring' | 'removed';
export type IdentityCheck = 'unverified' | 'passed' | 'failed';

/** A member as membership stores it. */
export interface MemberDocument extends ValidMember {
  _id: string;
  branchId: string;
  /** The branch's ancestors, root first: subtree lists match on it through an index. */
  branchAncestors: string[];
  status: MemberStatus;
  /** The open transfer while `transferring`. */
  openTransferId: string | null;
  /** The last transfer that moved the member: a redelivered move is recognised by it. */
  lastTransferId: string | null;
  /** The transfers that closed without moving them, newest last: a late `transfer.requested` of one is ignored. */
  closedTransferIds?: string[];
  identityCheck: IdentityCheck;
  /** The real-name check pass that settled it (its events are in that pass's outbox). */
  identityCheckBatchId?: string | null;
  /** The ID number a removed record had (its `idNumber` is freed for the corrected record). */
  removedIdNumber?: string | null;
  /** The batch (import) that created the member, so a repeated batch recognises its own rows. */
  batchId: string | null;
  importJobId: string | null;
  createdBy: string;
  /** The approval whose change this member's last approved write carried (see AppliedApproval). */
  lastApproval?: AppliedApproval | null;
  version: number;
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const optional = { type: String, default: null };
const memberSchema = new Schema<MemberDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    idNumber: { type: String, required: true },
    gender: { type: String, required: true, enum: ['male', 'female'] },
    birthDate: { type: String, required: true },
    ethnicity: { type: String, required: true },
    politicalStatus: { type: String, required: true },
    joinedAt: { type: String, required: true },
    developmentNumber: optional,
    educationFullTime: optional,
    educationHighest: optional,
    occupation: optional,
    employer: optional,
    phone: optional,
    branchId: { type: String, required: true },
    branchAncestors: { type: [String], default: [] },
    status: { type: String, required: true, enum: ['active', 'transferring', 'removed'], default: 'active' },
    openTransferId: optional,
    lastTransferId: optional,
    closedTransferIds: { type: [String], default: undefined },
    identityCheck: { type: String, required: true, enum: ['unverified', 'passed', 'failed'], default: 'unverified' },
    identityCheckBatchId: { type: String, default: null },
    removedIdNumber: optional,
    batchId: optional,
    importJobId: optional,
    createdBy: { type: String, required: true },
    lastApproval: appliedApprovalField,
    version: { type: Number, required: true, default: 1 },
  },
  baseSchemaOptions,
);
memberSchema.plugin(outboxPlugin);
// The ID number is unique across the whole system (it keys the person's account).
memberSchema.index({ idNumber: 1 }, { unique: true });
memberSchema.index({ branchId: 1, _id: 1 });
memberSchema.index({ branchAncestors: 1, _id: 1 });
memberSchema.index({ batchId: 1 });
memberSchema.index({ identityCheck: 1 });
memberSchema.index({ identityCheckBatchId: 1 });

export function memberModel(connection: Connection): Model<MemberDocument> {
  return connection.models.Member ?? connection.model<MemberDocument>('Member', memberSchema, 'members');
}
