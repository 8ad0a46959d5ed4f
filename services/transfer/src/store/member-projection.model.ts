import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The members transfer needs to know, kept from the MEMBER stream: where each is, and enough to
 * find one by exact name + ID number for a transfer-in. The ID number itself is not kept, only
 * its SHA-256.
 */
export interface ProjectedMember {
  _id: string;
  name: string;
  idNumberHash: string | null;
  branchId: string;
  branchAncestors: string[];
  removed: boolean;
  version: number;
}

const schema = new Schema<ProjectedMember>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    idNumberHash: { type: String, default: null },
    branchId: { type: String, required: true },
    branchAncestors: { type: [String], default: [] },
    removed: { type: Boolean, default: false },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);
schema.index({ idNumberHash: 1 });

export function memberProjectionModel(connection: Connection): Model<ProjectedMember> {
  return connection.models.ProjectedMember ?? connection.model<ProjectedMember>('ProjectedMember', schema, 'member_projection');
}

export function hashIdNumber(idNumber: string): string {
  return createHash('sha256').update(idNumber.trim().toUpperCase()).digest('hex');
}
