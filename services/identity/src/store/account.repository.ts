import type { Model } from 'mongoose';
import { pushEvents } from '@zhtj/bus';
import { createEvent, identityPasswordChangedV1 } from '@zhtj/contracts';
import type { AccountDocument } from './account.model.js';

/** The only code that queries accounts. */
export class AccountRepository {
  constructor(private readonly accounts: Model<AccountDocument>) {}

  findByIdNumber(idNumber: string): Promise<AccountDocument | null> {
    return this.accounts.findOne({ idNumber }).lean();
  }

  findByMemberId(memberId: string): Promise<AccountDocument | null> {
    return this.accounts.findOne({ memberId }).lean();
  }

  /** Replaces any earlier reset code of the account. */
  async setResetCode(accountId: string, reset: { codeHash: string; expiresAt: Date; issuedBy: string }): Promise<void> {
    await this.accounts.updateOne({ _id: accountId }, { $set: { passwordReset: reset } });
  }

  /**
   * Spends the reset code and sets the new password in one update, guarded by the version and
   * the code's hash, so a code works once even when two resets race.
   */
  async resetPassword(
    account: Pick<AccountDocument, '_id' | 'version'>,
    codeHash: string,
    passwordHash: string,
  ): Promise<boolean> {
    const event = createEvent(identityPasswordChangedV1, { accountId: account._id, via: 'reset' }, { source: 'identity' });
    const result = await this.accounts.updateOne(
      { _id: account._id, version: account.version, 'passwordReset.codeHash': codeHash },
      { $set: { passwordHash, mustChangePassword: false, passwordReset: null }, $inc: { version: 1 }, ...pushEvents(event) },
    );
    return result.modifiedCount === 1;
  }

  findById(id: string): Promise<AccountDocument | null> {
    return this.accounts.findById(id).lean();
  }

  /** Sets a new password hash if the account is still at `version`; false when it changed meanwhile. */
  async setPassword(
    account: Pick<AccountDocument, '_id' | 'version'>,
    passwordHash: string,
    via: 'change' | 'reset',
  ): Promise<boolean> {
    const event = createEvent(identityPasswordChangedV1, { accountId: account._id, via }, { source: 'identity' });
    const result = await this.accounts.updateOne(
      { _id: account._id, version: account.version },
      { $set: { passwordHash, mustChangePassword: false }, $inc: { version: 1 }, ...pushEvents(event) },
    );
    return result.modifiedCount === 1;
  }
}
