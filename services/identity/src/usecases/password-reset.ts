import { canManageOrg } from '@zhtj/contracts';
import { AppError, type Caller } from '@zhtj/service-kit';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { hashPassword } from '../domain/password-hashing.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { hashResetCode, newResetCode, RESET_CODE_TTL_MS, resetCodeMatches } from '../domain/reset-code.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';
import { admitAttempt, readIdNumber } from './attempt-guard.js';

/**
 * A forgotten password is reset without email: the member's branch admin (or the branch's
 * direct superior's admin) issues a one-person code valid for two days.
 */
export async function issueResetCode(
  deps: { accounts: AccountRepository },
  caller: Caller,
  memberId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: string }> {
  const account = await deps.accounts.findByMemberId(memberId);
  // An admin without authority learns nothing about whether the member exists.
  if (!account?.branchId || !canManageOrg(caller.roles, { id: account.branchId, ancestors: account.branchAncestors ?? [] })) {
    throw new AppError(account ? 'FORBIDDEN_ORG_SCOPE' : 'MEMBER_NOT_FOUND');
  }
  const code = newResetCode();
  const expiresAt = new Date(now.getTime() + RESET_CODE_TTL_MS);
  await deps.accounts.setResetCode(account._id, { codeHash: hashResetCode(code), expiresAt, issuedBy: caller.accountId });
  return { code, expiresAt: expiresAt.toISOString() };
}

export interface ResetPasswordInput {
  idNumber: string;
  resetCode: string;
  newPassword: string;
  captchaId: string;
  captchaCode: string;
}

/**
 * The member sets a new password with their ID number, the code and a captcha. Wrong codes count
 * as failed logins, so the code cannot be guessed faster than a password.
 */
export async function resetPassword(
  deps: { accounts: AccountRepository; captcha: CaptchaStore; throttle: LoginThrottle; refreshTokens: RefreshTokens },
  input: ResetPasswordInput,
  clientAddress: string | undefined,
  now = new Date(),
): Promise<void> {
  const idNumber = readIdNumber(input.idNumber);
  await admitAttempt(deps, idNumber, input, clientAddress);

  const account = await deps.accounts.findByIdNumber(idNumber);
  const reset = account?.passwordReset;
  if (!account || !reset || reset.expiresAt <= now || !resetCodeMatches(reset.codeHash, input.resetCode)) {
    await deps.throttle.recordFailure(idNumber, clientAddress);
    throw new AppError('RESET_CODE_INVALID');
  }
  if (checkPasswordPolicy(input.newPassword, idNumber)) throw new AppError('PASSWORD_POLICY');
  if (!(await deps.accounts.resetPassword(account, reset.codeHash, await hashPassword(input.newPassword)))) {
    throw new AppError('RESET_CODE_INVALID');
  }
  await deps.throttle.recordSuccess(idNumber);
  await deps.refreshTokens.revokeAllOf(account._id);
}
