import { Schema, type Connection, type Model } from 'mongoose';
import { baseSchemaOptions } from '@zhtj/service-kit';
import type { OrgInfoDiff } from '../domain/org-info.js';

/**
 * A change of an org's info asked for by the org's own admin, waiting for the direct superior's
 * admin. `changes` is the field-level diff against the state the requester saw.
 */
export interface OrgChangeRequestDocument {
  _id: string;
  orgId: string;
  orgName: string;
  /** The org whose admin decides: the requesting org's direct superior. */
  deciderOrgId: string;
  changes: OrgInfoDiff;
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

const changeRequestSchema = new Schema<OrgChangeRequestDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgName: { type: String, required: true },
    deciderOrgId: { type: String, required: true },
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
// The decider's to-do list and an org's own requests, newest first by id.
changeRequestSchema.index({ deciderOrgId: 1, status: 1, _id: 1 });
changeRequestSchema.index({ orgId: 1, status: 1, _id: 1 });

export function orgChangeRequestModel(connection: Connection): Model<OrgChangeRequestDocument> {
  return (
    connection.models.OrgChangeRequest ??
    connection.model<OrgChangeRequestDocument>('OrgChangeRequest', changeRequestSchema, 'org_change_requests')
  );
}
