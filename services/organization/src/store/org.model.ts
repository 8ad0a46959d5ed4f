import { Schema, type Connection, type Model } from 'mongoose';
import type { OrgType } from '@zhtj/contracts';
import { nameGrams } from '../domain/org-name-search.js';
import { outboxPlugin, type OutboxEntry, appliedApprovalField, baseSchemaOptions } from '@zhtj/store';
import { type AppliedApproval } from '@zhtj/contracts';

/** The secretary as recorded; the ID number is personal data, shown in full only to managers. */
export interface SecretaryRecord {
  name: string;
  idNumber: string;
  verified: boolean;
  setAt: Date;
  setBy: string;
}

/** An organisation of the league tree as organization stores it. */
export interface OrgDocument {
  _id: string;
  name: string;
  /** The name's pairs of adjacent characters, for a search by part of the name (domain/org-name-search.ts). */
  nameGrams: string[];
  shortName?: string | null;
  type: OrgType;
  parentId: string | null;
  /** Ids from the root down to the parent: subtree queries match on it through an index. */
  ancestors: string[];
  depth: number;
  secretary?: SecretaryRecord | null;
  /** Earlier secretaries, oldest first, each with when they were replaced. */
  secretaryHistory: Array<SecretaryRecord & { replacedAt: Date }>;
  contactPhone?: string | null;
  industry?: string | null;
  status: 'active' | 'dissolved';
  dissolvedAt?: Date | null;
  /** The approval whose change this org's last approved write carried (see AppliedApproval). */
  lastApproval?: AppliedApproval | null;
  /** Bumped by every change; editors send the version they saw (optimistic locking). */
  version: number;
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const secretaryFields = {
  name: { type: String, required: true },
  idNumber: { type: String, required: true },
  verified: { type: Boolean, required: true },
  setAt: { type: Date, required: true },
  setBy: { type: String, required: true },
};
const secretarySchema = new Schema<SecretaryRecord>(secretaryFields, { _id: false });
const formerSecretarySchema = new Schema<SecretaryRecord & { replacedAt: Date }>(
  { ...secretaryFields, replacedAt: { type: Date, required: true } },
  { _id: false },
);

const orgSchema = new Schema<OrgDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    nameGrams: { type: [String], default: undefined },
    shortName: { type: String, default: null },
    type: { type: String, required: true, enum: ['committee', 'working_committee', 'general_branch', 'branch'] },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    depth: { type: Number, required: true },
    secretary: { type: secretarySchema, default: null },
    secretaryHistory: { type: [formerSecretarySchema], default: [] },
    contactPhone: { type: String, default: null },
    industry: { type: String, default: null },
    status: { type: String, required: true, enum: ['active', 'dissolved'], default: 'active' },
    dissolvedAt: { type: Date, default: null },
    lastApproval: appliedApprovalField,
    version: { type: Number, required: true, default: 1 },
  },
  baseSchemaOptions,
);
orgSchema.plugin(outboxPlugin);
// Every new org is findable by its name; a rename sets the pairs with the name (updateOrgAt).
orgSchema.pre('validate', function () {
  if (this.isModified('name') || !this.nameGrams?.length) this.nameGrams = nameGrams(this.name);
});
// A page of a subtree or of children is an index range: its cost is the page, not the subtree.
orgSchema.index({ ancestors: 1, _id: 1 });
orgSchema.index({ parentId: 1, _id: 1 });
// A search by name reads one pair's orgs in _id order, a page at a time.
orgSchema.index({ nameGrams: 1, _id: 1 });
// Names are unique among siblings (roots have parentId null and share that "parent").
orgSchema.index({ parentId: 1, name: 1 }, { unique: true });

export function orgModel(connection: Connection): Model<OrgDocument> {
  return connection.models.Org ?? connection.model<OrgDocument>('Org', orgSchema, 'orgs');
}

/** The snapshot other services project (the payload of org.created/updated/dissolved). */
export function orgSnapshotOf(
  org: Pick<OrgDocument, '_id' | 'name' | 'shortName' | 'type' | 'parentId' | 'ancestors' | 'depth' | 'status' | 'version'>,
) {
  return {
    id: org._id,
    name: org.name,
    ...(org.shortName ? { shortName: org.shortName } : {}),
    type: org.type,
    parentId: org.parentId,
    ancestors: [...org.ancestors],
    depth: org.depth,
    status: org.status,
    version: org.version,
  };
}
