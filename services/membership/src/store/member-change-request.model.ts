import { Schema, type Connection, type Model } from 'mongoose';
import type { EditableMemberField } from '@zhtj/contracts';
import { baseSchemaOptions, type FieldDiff } from '@zhtj/service-kit';

/** A member's own change of their info, waiting for an admin of their branch (or its superior). */
export interface MemberChangeRequestDocument {
  _id: string;
  memberId: string;
  memberName: string;
  branchId: string;
  changes: FieldDiff<EditableMemberField>;
  baseVersion: number;
  requestedBy: { accountId: string; name?: string };
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: { accountId: string; name?: string } | null;
  decidedAt?: Date | null;
  comment?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema({ accountId: { type: String, required: true }, name: String }, { _id: false });

const schema = new Schema<MemberChangeRequestDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    memberName: { type: String, required: true },
    branchId: { type: String, required: true },
    changes: { type: Schema.Types.Mixed, required: true },
    baseVersion: { type: Number, required: true },
    requestedBy: { type: actorSchema, required: true },
    status: { type: String, required: true, enum: ['pending', 'approved', 'rejected'], default: 'pending' },
    decidedBy: { type: actorSchema, default: null },
    decidedAt: { type: Date, default: null },
    comment: { type: String, default: null },
  },
  { ...baseSchemaOptions, minimize: false },
);
schema.index({ branchId: 1, status: 1, _id: 1 });
schema.index({ memberId: 1, status: 1 });

export function memberChangeRequestModel(connection: Connection): Model<MemberChangeRequestDocument> {
  return (
    connection.models.MemberChangeRequest ??
    connection.model<MemberChangeRequestDocument>('MemberChangeRequest', schema, 'member_change_requests')
  );
}
