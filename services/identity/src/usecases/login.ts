import type { RoleGrant } from '@zhtj/contracts';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { canSignIn } from '../domain/member-link.js';
import { spendVerification, verifyAccountPassword } from '../crypto/password-hashing.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { admitAttempt, readIdNumber } from './attempt-guard.js';
import type { Session, SessionIssuer } from './session-issuer.js';
import { AppError } from '@zhtj/contracts';

export interface LoginInput {
  idNumber: string;
  password: string;
  captchaId: string;
  captchaCode: string;
}

export interface LoginDependencies {
  accounts: AccountRepository;
  captcha: CaptchaStore;
  throttle: LoginThrottle;
  sessions: SessionIssuer;
}

export interface LoginResult extends Session {
  mustChangePassword: boolean;
  account: { id: string; name: string; roles: RoleGrant[] };
}

/**
 * Login by resident ID number, password and captcha. A malformed number is safe to name; an
 * unregistered number and a wrong password get the same answer after the same argon2 work.
 */
export async function login(deps: LoginDependencies, input: LoginInput, clientAddress: string | undefined): Promise<LoginResult> {
  const idNumber = readIdNumber(input.idNumber);
  await admitAttempt(deps, idNumber, input, clientAddress);

  const account = await deps.accounts.findByIdNumber(idNumber);
  const valid = account ? await verifyAccountPassword(account, input.password) : await spendVerification(input.password);

  // A removed member's account without other roles answers as an unknown number would.
  if (!account || !valid || !canSignIn(account)) {
    await deps.throttle.recordFailure(idNumber, clientAddress);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await deps.throttle.recordSuccess(idNumber);
  const session = await deps.sessions.start(account);
  return {
    ...session,
    mustChangePassword: account.mustChangePassword || !account.passwordHash,
    account: { id: account._id, name: account.name, roles: account.roles.map(({ role, orgId }) => ({ role, orgId })) },
  };
}
