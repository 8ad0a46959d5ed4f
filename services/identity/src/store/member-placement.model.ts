import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The latest move or removal identity has heard of for a member record, kept so that events
 * handled out of order still end right: a `member.branch_changed` handled before the record's
 * `member.created` (two consumers, a backlog) is applied when the account is made.
 */
export interface MemberPlacementDocument {
  /** The member record's id. */
  _id: string;
  kind: 'moved' | 'removed';
  version: number;
  branchId: string | null;
  branchAncestors: string[];
}

const schema = new Schema<MemberPlacementDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['moved', 'removed'] },
    version: { type: Number, required: true },
    branchId: { type: String, default: null },
    branchAncestors: { type: [String], default: [] },
  },
  { versionKey: false },
);

export function memberPlacementModel(connection: Connection): Model<MemberPlacementDocument> {
  return (
    connection.models.MemberPlacement ?? connection.model<MemberPlacementDocument>('MemberPlacement', schema, 'member_placements')
  );
}
