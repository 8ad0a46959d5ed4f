import { hashPassword, verifyAccountPassword } from '../crypto/password-hashing.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { SessionIssuer } from './session-issuer.js';
import { AppError } from '@zhtj/contracts';

/**
 * Changes the caller's password: the old one (or the initial one) must be right and the new one
 * must meet the policy. Afterwards the account no longer has to change it, and every session of
 * the account ends — its refresh tokens and its access tokens.
 */
export async function changePassword(
  deps: { accounts: AccountRepository; sessions: SessionIssuer },
  accountId: string,
  input: { oldPassword: string; newPassword: string },
): Promise<void> {
  const account = await deps.accounts.findById(accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyAccountPassword(account, input.oldPassword))) throw new AppError('INVALID_CREDENTIALS');
  if (checkPasswordPolicy(input.newPassword, account.idNumber)) throw new AppError('PASSWORD_POLICY');
  if (!(await deps.accounts.setPassword(account, await hashPassword(input.newPassword), 'change')))
    throw new AppError('CONFLICT');
  await deps.sessions.endAll({ _id: accountId, tokenGeneration: (account.tokenGeneration ?? 0) + 1 });
}
