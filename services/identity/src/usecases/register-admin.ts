import { CommandUnavailableError } from '@zhtj/bus';
import {
  type CommandReply,
  type CommandRequest,
  type RegisterAdminBody,
  type registrationCodeCheckV1,
  type registrationCodeRedeemV1,
  AppError,
} from '@zhtj/contracts';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { hashPassword, verifyPassword } from '../crypto/password-hashing.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { admitAttempt, readIdNumber } from './attempt-guard.js';
import type { PendingRegistrations } from './pending-registrations.js';
import { DuplicateKeyError } from '@zhtj/store';

type Redeem = typeof registrationCodeRedeemV1;
type Check = typeof registrationCodeCheckV1;
export type RedeemCode = (request: CommandRequest<Redeem>) => Promise<CommandReply<Redeem>>;
export type CheckCode = (request: CommandRequest<Check>) => Promise<CommandReply<Check>>;

export interface RegisterAdminDependencies {
  accounts: AccountRepository;
  captcha: CaptchaStore;
  throttle: LoginThrottle;
  checkCode: CheckCode;
  redeemCode: RedeemCode;
  pendingRegistrations: PendingRegistrations;
}

/** A command to organization; its silence is organization's unavailability, never a 500. */
async function askOrganization<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CommandUnavailableError)
      throw new AppError('SERVICE_UNAVAILABLE', { params: { service: 'organization' }, cause: error });
    throw error;
  }
}

const refused = (reply: Extract<CommandReply<Check>, { ok: false }>) =>
  new AppError(reply.code, { params: { orgName: reply.orgName ?? '' } });

/**
 * Registers a person as an org's administrator with the code the superior org gave them. The
 * steps are ordered so that the route tells nobody anything about an account they cannot prove
 * is theirs:
 * 1. the form (ID number, password policy), the same for everyone;
 * 2. the captcha, then the lockout shared with login (a locked number is locked here too);
 * 3. the code, checked for the chosen org without spending it — every refusal so far is about
 *    the request or the code, whether or not the ID number has an account;
 * 4. only then the account: an existing one gains the role with its own password (a wrong one is
 *    counted as a failed login), or a new one is made;
 * 5. the code is spent (one winner among concurrent attempts) right before the write.
 * A try that stopped after the code was spent is repeated by trying again: the account id is the
 * same (PendingRegistrations), and organization answers a code spent for it as redeemed.
 */
export async function registerAdmin(
  deps: RegisterAdminDependencies,
  input: RegisterAdminBody,
  clientAddress: string | undefined,
): Promise<{ accountId: string }> {
  const idNumber = readIdNumber(input.idNumber);
  if (checkPasswordPolicy(input.password, idNumber)) throw new AppError('PASSWORD_POLICY');
  await admitAttempt(deps, idNumber, input, clientAddress);

  const existing = await deps.accounts.findByIdNumber(idNumber);
  const accountId = existing?._id ?? (await deps.pendingRegistrations.accountIdFor(idNumber, input.orgId));
  const checked = await askOrganization(() => deps.checkCode({ orgId: input.orgId, code: input.registrationCode, accountId }));
  if (!checked.ok) {
    // Guessing codes costs like guessing passwords, from one address; the number is not charged.
    await deps.throttle.recordFailure(undefined, clientAddress);
    throw refused(checked);
  }

  if (existing) {
    if (!existing.passwordHash) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (!(await verifyPassword(existing.passwordHash, input.password))) {
      await deps.throttle.recordFailure(idNumber, clientAddress);
      throw new AppError('INVALID_CREDENTIALS');
    }
  }

  const reply = await askOrganization(() => deps.redeemCode({ orgId: input.orgId, code: input.registrationCode, accountId }));
  if (!reply.ok) throw refused(reply);
  if (existing) await deps.throttle.recordSuccess(idNumber);

  if (existing) {
    await deps.accounts.grantOrgAdmin(existing, { orgId: reply.orgId, phone: input.phone });
    return { accountId: existing._id };
  }
  try {
    await deps.accounts.createAdmin({
      accountId,
      idNumber,
      name: input.name,
      phone: input.phone,
      orgId: reply.orgId,
      passwordHash: await hashPassword(input.password),
    });
  } catch (error) {
    // Someone registered the same ID number a moment earlier.
    if (error instanceof DuplicateKeyError) throw new AppError('CONFLICT', { cause: error });
    throw error;
  }
  return { accountId };
}
