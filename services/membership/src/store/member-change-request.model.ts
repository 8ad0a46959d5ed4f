import { Schema, type Connection, type Model } from 'mongoose';
import type { EditableMemberField, FieldDiff } from '@zhtj/contracts';
import { baseSchemaOptions, changeRequestFields, outboxPlugin } from '@zhtj/store';
import { type ChangeRequestLifecycle } from '@zhtj/contracts';

/** A member's own change of their info, waiting for an admin of their branch (or its superior). */
export interface MemberChangeRequestDocument extends ChangeRequestLifecycle<FieldDiff<EditableMemberField>> {
  memberId: string;
  memberName: string;
  branchId: string;
  updatedAt: Date;
}

const schema = new Schema<MemberChangeRequestDocument>(
  {
    _id: { type: String, required: true },
    memberId: { type: String, required: true },
    memberName: { type: String, required: true },
    branchId: { type: String, required: true },
    ...changeRequestFields,
  },
  { ...baseSchemaOptions, minimize: false },
);
// Filing and deciding write their events with the request.
schema.plugin(outboxPlugin);
schema.index({ branchId: 1, status: 1, _id: 1 });
schema.index({ memberId: 1, status: 1 });
// One member's requests by id (GET /members/:id/change-requests).
schema.index({ memberId: 1, _id: 1 });

export function memberChangeRequestModel(connection: Connection): Model<MemberChangeRequestDocument> {
  return (
    connection.models.MemberChangeRequest ??
    connection.model<MemberChangeRequestDocument>('MemberChangeRequest', schema, 'member_change_requests')
  );
}
