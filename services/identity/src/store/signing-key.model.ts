import { Schema, type Connection, type Model } from 'mongoose';
import type { JWK } from 'jose';

export interface SigningKeyDocument {
  /** The key id (`kid`) tokens name in their header. */
  _id: string;
  publicJwk: JWK;
  /** The private JWK, sealed with KeyEncryption. */
  sealedPrivateJwk: string;
  createdAt: Date;
  /** New tokens are signed with it until then. */
  activeUntil: Date;
  /** Published in the JWKS until then: the last token it signed has expired. */
  publishUntil: Date;
}

const signingKeySchema = new Schema<SigningKeyDocument>(
  {
    _id: { type: String, required: true },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    sealedPrivateJwk: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activeUntil: { type: Date, required: true },
    publishUntil: { type: Date, required: true },
  },
  { versionKey: false },
);
signingKeySchema.index({ activeUntil: -1 });

export function signingKeyModel(connection: Connection): Model<SigningKeyDocument> {
  return connection.models.SigningKey ?? connection.model<SigningKeyDocument>('SigningKey', signingKeySchema, 'signing_keys');
}
