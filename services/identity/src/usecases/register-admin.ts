import { CommandUnavailableError } from '@zhtj/bus';
import { newId, type CommandReply, type CommandRequest, type registrationCodeRedeemV1 } from '@zhtj/contracts';
import { AppError, DuplicateKeyError } from '@zhtj/service-kit';
import { hashPassword, verifyPassword } from '../domain/password-hashing.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import type { AccountRepository } from '../store/account.repository.js';
import { readIdNumber } from './attempt-guard.js';

type Redeem = typeof registrationCodeRedeemV1;
export type RedeemCode = (request: CommandRequest<Redeem>) => Promise<CommandReply<Redeem>>;

export interface RegisterAdminInput {
  orgId: string;
  registrationCode: string;
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}

/**
 * Registers a person as an org's administrator with the code the superior org gave them. The
 * code is spent by organization (one winner among concurrent attempts); then the account is
 * created, or an existing one gains the role — but only after its owner proved it is theirs
 * with its password, so nobody can take over an account by knowing an ID number.
 */
export async function registerAdmin(
  deps: { accounts: AccountRepository; redeemCode: RedeemCode },
  input: RegisterAdminInput,
): Promise<{ accountId: string }> {
  const idNumber = readIdNumber(input.idNumber);
  const existing = await deps.accounts.findByIdNumber(idNumber);
  if (existing) {
    if (!existing.passwordHash) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (!(await verifyPassword(existing.passwordHash, input.password))) throw new AppError('INVALID_CREDENTIALS');
  } else if (checkPasswordPolicy(input.password, idNumber)) {
    throw new AppError('PASSWORD_POLICY');
  }

  const accountId = existing?._id ?? newId();
  let reply: CommandReply<Redeem>;
  try {
    reply = await deps.redeemCode({ orgId: input.orgId, code: input.registrationCode, accountId });
  } catch (error) {
    if (error instanceof CommandUnavailableError)
      throw new AppError('SERVICE_UNAVAILABLE', { params: { service: 'organization' }, cause: error });
    throw error;
  }
  if (!reply.ok) throw new AppError(reply.code, { params: { orgName: reply.orgName ?? '' } });

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
