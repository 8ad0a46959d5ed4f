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
