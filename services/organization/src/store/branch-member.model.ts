import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Which branch each member is in, kept from membership's events: organization needs only to know
 * whether a branch still has members (a branch with members may not change type or be dissolved).
 * A removed member stays as a tombstone (branchId null) so a late redelivery cannot revive it.
 */
export interface BranchMemberDocument {
  _id: string;
  branchId: string | null;
  /** The member aggregate's version this row reflects; older events are ignored. */
  version: number;
}

const branchMemberSchema = new Schema<BranchMemberDocument>(
  {
    _id: { type: String, required: true },
    branchId: { type: String, default: null },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);
branchMemberSchema.index({ branchId: 1 });

export function branchMemberModel(connection: Connection): Model<BranchMemberDocument> {
  return (
    connection.models.BranchMember ?? connection.model<BranchMemberDocument>('BranchMember', branchMemberSchema, 'branch_members')
  );
}
