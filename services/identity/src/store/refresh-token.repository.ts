import type { Model } from 'mongoose';
import type { RefreshTokenDocument } from './refresh-token.model.js';

/** The only code that queries refresh tokens. */
export class RefreshTokenRepository {
  constructor(private readonly tokens: Model<RefreshTokenDocument>) {}

  async insert(token: RefreshTokenDocument): Promise<void> {
    await this.tokens.create(token);
  }

  findById(id: string): Promise<RefreshTokenDocument | null> {
    return this.tokens.findById(id).lean();
  }

  /** Marks a live, unused token used; false when it was used or revoked already (a race lost). */
  async spend(id: string, at: Date): Promise<boolean> {
    const result = await this.tokens.updateOne({ _id: id, usedAt: null, revokedAt: null }, { $set: { usedAt: at } });
    return result.modifiedCount === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.tokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: at } });
  }

  async revokeAllOf(accountId: string, at: Date): Promise<void> {
    await this.tokens.updateMany({ accountId, revokedAt: null }, { $set: { revokedAt: at } });
  }
}
