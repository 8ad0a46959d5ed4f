import type { Model } from 'mongoose';
import type { AdminScope } from '@zhtj/contracts';
import type { RegistrationCodeDocument } from './registration-code.model.js';
import { bulkWriteInChunks } from '@zhtj/store';

/** A code to store for a child: only its hash and last two characters are kept. */
export interface IssuedCode {
  orgId: string;
  codeHash: string;
  last2: string;
}

/** The only code that queries registration codes: one per org at a time, keyed by the org's id. */
export class RegistrationCodeRepository {
  constructor(private readonly model: Model<RegistrationCodeDocument>) {}

  /**
   * Stores new codes for children of the scope's org, each replacing (and so voiding) the child's
   * old one. The caller names only children it read under that scope.
   */
  async issue(
    _parent: AdminScope,
    codes: readonly IssuedCode[],
    by: { accountId: string; at: Date; expiresAt: Date },
  ): Promise<void> {
    if (codes.length === 0) return;
    await bulkWriteInChunks(
      this.model,
      codes.map((c) => ({
        replaceOne: {
          filter: { _id: c.orgId },
          replacement: {
            _id: c.orgId,
            codeHash: c.codeHash,
            last2: c.last2,
            issuedBy: by.accountId,
            issuedAt: by.at,
            expiresAt: by.expiresAt,
            usedAt: null,
            usedBy: null,
          },
          upsert: true,
        },
      })) as never,
    );
  }

  /** The current codes of the scope's children named (their states for the parent's admin). */
  ofChildren(_parent: AdminScope, childIds: readonly string[]): Promise<RegistrationCodeDocument[]> {
    return this.model.find({ _id: { $in: [...childIds] } }).lean<RegistrationCodeDocument[]>();
  }

  /** For the redeem command: the org's current code. */
  current(orgId: string): Promise<RegistrationCodeDocument | null> {
    return this.model.findById(orgId).lean<RegistrationCodeDocument>();
  }

  /**
   * Spends the code by one update guarded on "not used yet", so of two concurrent redemptions
   * exactly one wins (on MongoDB by the server's atomic update; on the testkit's FerretDB by its
   * per-collection write lock, libs/testkit/patches/ferretdb). True for the winner.
   */
  async spend(orgId: string, codeHash: string, accountId: string | undefined, now: Date): Promise<boolean> {
    const spent = await this.model.updateOne(
      { _id: orgId, codeHash, usedAt: null },
      { $set: { usedAt: now, usedBy: accountId } },
    );
    return spent.modifiedCount === 1;
  }
}
