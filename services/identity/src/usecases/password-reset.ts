import { CommandUnavailableError } from '@zhtj/bus';
import { canManageOrg, canViewOrg, type CommandReply, type CommandRequest, type memberLocateV1, AppError } from '@zhtj/contracts';
import { type Caller } from '@zhtj/service-kit';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { hashPassword } from '../crypto/password-hashing.js';
import { checkPasswordPolicy } from '../domain/passwords.js';
import { hashResetCode, newResetCode, RESET_CODE_TTL_MS, resetCodeMatches } from '../domain/reset-code.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { admitAttempt, readIdNumber } from './attempt-guard.js';
import type { SessionIssuer } from './session-issuer.js';

type Locate = typeof memberLocateV1;
/** Where a member is now, as membership knows it (over NATS). */
export type LocateMember = (request: CommandRequest<Locate>) => Promise<CommandReply<Locate>>;

/**
 * A forgotten password is reset without email: the member's branch admin (or the branch's
 * direct superior's admin) issues a one-person code valid for two days. Who that is, is decided
 * from the member's branch as membership knows it at this moment — identity's own copy may lag a
 * transfer or a removal, and a former branch's admin must never reach a member who moved away.
 */
export async function issueResetCode(
  deps: { accounts: AccountRepository; locateMember: LocateMember },
  caller: Caller,
  memberId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: string }> {
  let member: CommandReply<Locate>;
  try {
    member = await deps.locateMember({ memberId });
  } catch (error) {
    if (error instanceof CommandUnavailableError)
      throw new AppError('SERVICE_UNAVAILABLE', { params: { service: 'membership' }, cause: error });
    throw error;
  }
  if (!member.ok) throw new AppError('MEMBER_NOT_FOUND');
  const branch = { id: member.branchId, ancestors: member.branchAncestors };
  // An admin who cannot even see the member learns nothing about whether they exist.
  if (!canManageOrg(caller.roles, branch))
    throw new AppError(canViewOrg(caller.roles, branch) ? 'FORBIDDEN_ORG_SCOPE' : 'MEMBER_NOT_FOUND');
  const account = await deps.accounts.findByIdNumber(member.idNumber);
  // identity makes the account from member.created a moment after membership answers.
  if (!account || account.memberId !== member.memberId) throw new AppError('ACCOUNT_NOT_READY');
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
 * The member sets a new password with their ID number, the code and a captcha. The code is the
 * way out of a lock — an attacker who keeps a number locked with wrong passwords must not keep
 * its owner out too — so the number's lock does not stop it, and a right code lifts the lock.
 * Wrong codes count as failed logins of the number and the address, so a code cannot be guessed
 * faster than a password (and the address's bucket still limits every attempt).
 */
export async function resetPassword(
  deps: { accounts: AccountRepository; captcha: CaptchaStore; throttle: LoginThrottle; sessions: SessionIssuer },
  input: ResetPasswordInput,
  clientAddress: string | undefined,
  now = new Date(),
): Promise<void> {
  const idNumber = readIdNumber(input.idNumber);
  await admitAttempt(deps, undefined, input, clientAddress);

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
  await deps.sessions.endAll({ _id: account._id, tokenGeneration: (account.tokenGeneration ?? 0) + 1 });
}
