import type { Model } from 'mongoose';
import type { SigningKeyDocument } from './signing-key.model.js';

/** The only code that queries identity's signing keys. */
export class SigningKeyRepository {
  constructor(private readonly keys: Model<SigningKeyDocument>) {}

  /** The key that signs longest among those still signing at `now`, if any. */
  activeAt(now: Date): Promise<SigningKeyDocument | null> {
    return this.keys
      .findOne({ activeUntil: { $gt: now } })
      .sort({ activeUntil: -1 })
      .lean();
  }

  /** Every key still in the JWKS at `now`, newest first. */
  publishedAt(now: Date): Promise<SigningKeyDocument[]> {
    return this.keys
      .find({ publishUntil: { $gt: now } })
      .sort({ createdAt: -1 })
      .lean();
  }

  async insert(key: SigningKeyDocument): Promise<void> {
    await this.keys.create(key);
  }

  /** Replaces a key's seal if it is still `previous`; whether this call replaced it. */
  async replaceSeal(id: string, previous: string, sealed: string): Promise<boolean> {
    const result = await this.keys.updateOne({ _id: id, sealedPrivateJwk: previous }, { $set: { sealedPrivateJwk: sealed } });
    return result.modifiedCount === 1;
  }
}
