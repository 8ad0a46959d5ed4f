import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A refresh token, stored as the SHA-256 of its secret part. Tokens made from one login form a
 * family; using a token twice (a stolen copy) revokes the whole family.
 */
export interface RefreshTokenDocument {
  _id: string;
  familyId: string;
  accountId: string;
  secretHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

const refreshTokenSchema = new Schema<RefreshTokenDocument>(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    accountId: { type: String, required: true },
    secretHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
refreshTokenSchema.index({ familyId: 1 });
refreshTokenSchema.index({ accountId: 1 });

export function refreshTokenModel(connection: Connection): Model<RefreshTokenDocument> {
  return (
    connection.models.RefreshToken ?? connection.model<RefreshTokenDocument>('RefreshToken', refreshTokenSchema, 'refresh_tokens')
  );
}
