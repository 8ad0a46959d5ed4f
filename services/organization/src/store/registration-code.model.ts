import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The one registration code an org has at a time (keyed by the org's id: a new code replaces
 * the old). Only a hash is kept, and the last two characters to tell codes apart on screen.
 */
export interface RegistrationCodeDocument {
  _id: string;
  codeHash: string;
  last2: string;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

const registrationCodeSchema = new Schema<RegistrationCodeDocument>(
  {
    _id: { type: String, required: true },
    codeHash: { type: String, required: true },
    last2: { type: String, required: true },
    issuedBy: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: String, default: null },
  },
  { versionKey: false },
);

export function registrationCodeModel(connection: Connection): Model<RegistrationCodeDocument> {
  return (
    connection.models.RegistrationCode ??
    connection.model<RegistrationCodeDocument>('RegistrationCode', registrationCodeSchema, 'registration_codes')
  );
}
