import type { Model } from 'mongoose';
import {
  createEvent,
  newId,
  identityAccountCreatedV1,
  identityAdminRegisteredV1,
  identityPasswordChangedV1,
} from '@zhtj/contracts';
import { followMember, type PlacementChange } from '../domain/member-link.js';
import type { AccountDocument } from './account.model.js';
import { pushEvents, toOutboxEntries, isDuplicateKeyError, rethrowDuplicateKey } from '@zhtj/store';

/** The only code that queries accounts. */
export class AccountRepository {
  constructor(private readonly accounts: Model<AccountDocument>) {}

  findByIdNumber(idNumber: string): Promise<AccountDocument | null> {
    return this.accounts.findOne({ idNumber }).lean();
  }

  /**
   * Applies a change of a member record to the account that follows it (found by the record, or
   * for a creation by the person's ID number), raising the token generation when a grant is lost.
   * Returns the account as it is afterwards — changed or not, so the caller can enforce it
   * again on a redelivery — or null when no account is concerned.
   */
  async followMember(
    find: { memberId: string } | { idNumber: string },
    change: PlacementChange,
  ): Promise<AccountDocument | null> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const account = await this.accounts.findOne(find).lean();
      if (!account) return null;
      const next = followMember(account, change);
      if (!next) return account;
      const tokenGeneration = (account.tokenGeneration ?? 0) + (next.lostAuthority ? 1 : 0);
      const set = { ...next.link, tokenGeneration };
      const written = await this.accounts.updateOne(
        { _id: account._id, version: account.version },
        { $set: set, $inc: { version: 1 } },
      );
      if (written.modifiedCount === 1) return { ...account, ...set, version: account.version + 1 };
    }
    // Lost the race five times in a row: the event is redelivered and tried on the state then.
    throw new Error(`the account following member ${change.memberId} kept changing`);
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
      {
        $set: { passwordHash, mustChangePassword: false, passwordReset: null },
        $inc: { version: 1, tokenGeneration: 1 },
        ...pushEvents(event),
      },
    );
    return result.modifiedCount === 1;
  }

  /** A new account for a registering administrator, with both events in its outbox. */
  async createAdmin(admin: {
    accountId: string;
    idNumber: string;
    name: string;
    phone: string;
    orgId: string;
    passwordHash: string;
  }): Promise<void> {
    const events = [
      createEvent(
        identityAccountCreatedV1,
        { accountId: admin.accountId, memberId: null, mustChangePassword: false },
        { source: 'identity' },
      ),
      createEvent(
        identityAdminRegisteredV1,
        { accountId: admin.accountId, orgId: admin.orgId, name: admin.name },
        { source: 'identity' },
      ),
    ];
    await this.accounts
      .create({
        _id: admin.accountId,
        idNumber: admin.idNumber,
        name: admin.name,
        phone: admin.phone,
        passwordHash: admin.passwordHash,
        mustChangePassword: false,
        roles: [{ role: 'org_admin', orgId: admin.orgId }],
        version: 1,
        outbox: toOutboxEntries(events),
      })
      .catch(rethrowDuplicateKey);
  }

  /** An existing account becomes an administrator of one more org (once: a repeated grant changes nothing). */
  async grantOrgAdmin(
    account: Pick<AccountDocument, '_id' | 'name' | 'roles'>,
    grant: { orgId: string; phone: string },
  ): Promise<void> {
    if (account.roles.some((r) => r.role === 'org_admin' && r.orgId === grant.orgId)) return;
    const event = createEvent(
      identityAdminRegisteredV1,
      { accountId: account._id, orgId: grant.orgId, name: account.name },
      { source: 'identity' },
    );
    await this.accounts.updateOne(
      { _id: account._id },
      {
        $addToSet: { roles: { role: 'org_admin', orgId: grant.orgId } },
        $set: { phone: grant.phone },
        $inc: { version: 1 },
        ...pushEvents(event),
      },
    );
  }

  /**
   * For the development seed: the account of this ID number, made if missing, administers the org
   * with this password. Writes no event (the demo admin exists before any service listens).
   */
  async upsertAdminForSystem(admin: { idNumber: string; name: string; passwordHash: string; orgId: string }): Promise<void> {
    await this.accounts.updateOne(
      { idNumber: admin.idNumber },
      {
        $setOnInsert: { _id: newId(), idNumber: admin.idNumber, version: 1, outbox: [] },
        $set: {
          name: admin.name,
          passwordHash: admin.passwordHash,
          mustChangePassword: false,
          roles: [{ role: 'org_admin', orgId: admin.orgId }],
        },
      },
      { upsert: true },
    );
  }

  findById(id: string): Promise<AccountDocument | null> {
    return this.accounts.findById(id).lean();
  }

  /**
   * Inserts new members' accounts, complete, with the raw driver (mongoose's per-document casting
   * would cost more than the insert itself on large imports). Answers the indexes refused because
   * the person already has an account (the unique ID number); anything else is thrown.
   */
  async insertMemberAccounts(docs: readonly object[]): Promise<number[]> {
    if (docs.length === 0) return [];
    try {
      await this.accounts.collection.insertMany(docs as never[], { ordered: false });
      return [];
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; errmsg?: string }> }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => !isDuplicateKeyError({ code: e.code, message: e.errmsg }))) throw error;
      return writeErrors.map((e) => e.index);
    }
  }

  /** The member accounts a batch made (the sweeper announces them if the batch's handler died). */
  madeBy(batchId: string): Promise<Array<Pick<AccountDocument, '_id' | 'memberId'>>> {
    return this.accounts.find({ batchId }).select('_id memberId').lean<Array<Pick<AccountDocument, '_id' | 'memberId'>>>();
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
      { $set: { passwordHash, mustChangePassword: false }, $inc: { version: 1, tokenGeneration: 1 }, ...pushEvents(event) },
    );
    return result.modifiedCount === 1;
  }
}
