import { parseIdNumber } from '@zhtj/id-number';
import type { RoleGrant } from '@zhtj/contracts';
import { AppError } from '@zhtj/service-kit';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import { spendVerification, verifyPassword } from '../domain/password-hashing.js';
import { matchesInitialPassword } from '../domain/passwords.js';
import type { AccountRepository } from '../store/account.repository.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { Session, SessionIssuer } from './session-issuer.js';

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
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new AppError(parsed.problem === 'LEGACY_15_DIGITS' ? 'ID_NUMBER_LEGACY' : 'ID_NUMBER_INVALID');
  const idNumber = parsed.id.value;

  const retryAfter = await deps.throttle.retryAfter(idNumber, clientAddress);
  if (retryAfter > 0) {
    throw new AppError('TOO_MANY_ATTEMPTS', { params: { retryAfter }, headers: { 'retry-after': String(retryAfter) } });
  }
  if (!(await deps.captcha.verify(input.captchaId, input.captchaCode))) throw new AppError('CAPTCHA_INVALID');

  const account = await deps.accounts.findByIdNumber(idNumber);
  let valid: boolean;
  if (!account) valid = await spendVerification(input.password);
  else if (account.passwordHash) valid = await verifyPassword(account.passwordHash, input.password);
  else valid = (await spendVerification(input.password)) || matchesInitialPassword(idNumber, input.password);

  if (!account || !valid) {
    await deps.throttle.recordFailure(idNumber, clientAddress);
    throw new AppError('INVALID_CREDENTIALS');
  }
  await deps.throttle.recordSuccess(idNumber);
  const session = await deps.sessions.start({ accountId: account._id, name: account.name, roles: account.roles });
  return {
    ...session,
    mustChangePassword: account.mustChangePassword || !account.passwordHash,
    account: { id: account._id, name: account.name, roles: account.roles.map(({ role, orgId }) => ({ role, orgId })) },
  };
}
