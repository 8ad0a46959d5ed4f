import { Schema, type Connection, type Model } from 'mongoose';
import type { OrgInfoDiff } from '../domain/org-info.js';
import { baseSchemaOptions, changeRequestFields, outboxPlugin } from '@zhtj/store';
import { type ChangeRequestLifecycle } from '@zhtj/contracts';

/**
 * A change of an org's info asked for by the org's own admin, waiting for the direct superior's
 * admin. `changes` is the field-level diff against the state the requester saw.
 */
export interface OrgChangeRequestDocument extends ChangeRequestLifecycle<OrgInfoDiff> {
  orgId: string;
  orgName: string;
  /** The org whose admin decides: the requesting org's direct superior. */
  deciderOrgId: string;
  updatedAt: Date;
}

const changeRequestSchema = new Schema<OrgChangeRequestDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgName: { type: String, required: true },
    deciderOrgId: { type: String, required: true },
    ...changeRequestFields,
  },
  { ...baseSchemaOptions, minimize: false },
);
// Filing and deciding write their events with the request.
changeRequestSchema.plugin(outboxPlugin);
// The decider's to-do list and an org's own requests, by id.
changeRequestSchema.index({ deciderOrgId: 1, status: 1, _id: 1 });
changeRequestSchema.index({ orgId: 1, status: 1, _id: 1 });

export function orgChangeRequestModel(connection: Connection): Model<OrgChangeRequestDocument> {
  return (
    connection.models.OrgChangeRequest ??
    connection.model<OrgChangeRequestDocument>('OrgChangeRequest', changeRequestSchema, 'org_change_requests')
  );
}
