import { Schema, type Connection, type Model } from 'mongoose';
import { baseSchemaOptions, outboxPlugin } from '@zhtj/store';

/**
 * A cadre position (团干部) at any org. The person is a member (memberId) or, at higher levels,
 * someone whose membership is elsewhere or who is past league age: then their name and ID number
 * are kept here.
 */
export interface CadreDocument {
  _id: string;
  orgId: string;
  orgAncestors: string[];
  memberId: string | null;
  name: string;
  idNumber: string;
  phone: string | null;
  position: string;
  since: string;
  nature: string;
  status: 'active' | 'ended';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CadreDocument>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    orgAncestors: { type: [String], default: [] },
    memberId: { type: String, default: null },
    name: { type: String, required: true },
    idNumber: { type: String, required: true },
    phone: { type: String, default: null },
    position: { type: String, required: true },
    since: { type: String, required: true },
    nature: { type: String, required: true },
    status: { type: String, required: true, enum: ['active', 'ended'], default: 'active' },
    createdBy: { type: String, required: true },
  },
  baseSchemaOptions,
);
schema.index({ orgId: 1, _id: 1 });
// A post is announced (member.cadre_appointed) from its own document.
schema.plugin(outboxPlugin);

export function cadreModel(connection: Connection): Model<CadreDocument> {
  return connection.models.Cadre ?? connection.model<CadreDocument>('Cadre', schema, 'cadres');
}
