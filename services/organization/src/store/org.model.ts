import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry } from '@zhtj/bus';
import type { OrgType } from '@zhtj/contracts';
import { baseSchemaOptions } from '@zhtj/service-kit';

/** An organisation of the league tree as organization stores it. */
export interface OrgDocument {
  _id: string;
  name: string;
  shortName?: string;
  type: OrgType;
  parentId: string | null;
  /** Ids from the root down to the parent: subtree queries match on it through an index. */
  ancestors: string[];
  depth: number;
  status: 'active' | 'dissolved';
  version: number;
  outbox: OutboxEntry[];
}

const orgSchema = new Schema<OrgDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    shortName: { type: String },
    type: { type: String, required: true, enum: ['committee', 'working_committee', 'general_branch', 'branch'] },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    depth: { type: Number, required: true },
    status: { type: String, required: true, enum: ['active', 'dissolved'], default: 'active' },
    version: { type: Number, required: true, default: 1 },
  },
  baseSchemaOptions,
);
orgSchema.plugin(outboxPlugin);
orgSchema.index({ ancestors: 1, _id: 1 });
// Names are unique among siblings (roots have parentId null and share that "parent").
orgSchema.index({ parentId: 1, name: 1 }, { unique: true });

export function orgModel(connection: Connection): Model<OrgDocument> {
  return connection.models.Org ?? connection.model<OrgDocument>('Org', orgSchema, 'orgs');
}
