import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin, type OutboxEntry, baseSchemaOptions } from '@zhtj/store';

export interface RoleGrant {
  role: 'member' | 'org_admin';
  orgId: string;
}

/** A person who can log in, keyed by resident ID number. */
export interface AccountDocument {
  _id: string;
  idNumber: string;
  name: string;
  /** argon2id; null while the person still has the initial password (last 8 ID characters). */
  passwordHash: string | null;
  mustChangePassword: boolean;
  roles: RoleGrant[];
  phone?: string;
  /**
   * Set for members: the member record the account follows, how far along its history
   * (membership's version), whether it was removed, and its branch (see domain/member-link.ts).
   */
  memberId?: string;
  memberVersion?: number;
  memberRemoved?: boolean;
  batchId?: string;
  branchId?: string | null;
  branchAncestors?: string[];
  /** Raised when the account loses authority: tokens issued under a lower generation are revoked. */
  tokenGeneration?: number;
  /** A pending one-person password reset: the code's hash and when it stops working. */
  passwordReset?: { codeHash: string; expiresAt: Date; issuedBy: string } | null;
  version: number;
  outbox: OutboxEntry[];
}

const accountSchema = new Schema<AccountDocument>(
  {
    _id: { type: String, required: true },
    idNumber: { type: String, required: true },
    name: { type: String, required: true },
    passwordHash: { type: String, default: null },
    mustChangePassword: { type: Boolean, required: true, default: true },
    roles: { type: [new Schema<RoleGrant>({ role: String, orgId: String }, { _id: false })], default: [] },
    phone: { type: String },
    memberId: { type: String },
    memberVersion: { type: Number },
    memberRemoved: { type: Boolean },
    /** The account batch that created it (imports): its events are in that batch's outbox. */
    batchId: { type: String },
    branchId: { type: String },
    branchAncestors: { type: [String], default: undefined },
    tokenGeneration: { type: Number, default: 0 },
    passwordReset: { type: new Schema({ codeHash: String, expiresAt: Date, issuedBy: String }, { _id: false }), default: null },
    version: { type: Number, required: true, default: 1 },
  },
  baseSchemaOptions,
);
accountSchema.plugin(outboxPlugin);
accountSchema.index({ idNumber: 1 }, { unique: true });
accountSchema.index({ batchId: 1 });
accountSchema.index({ memberId: 1 });

export function accountModel(connection: Connection): Model<AccountDocument> {
  return connection.models.Account ?? connection.model<AccountDocument>('Account', accountSchema, 'accounts');
}
