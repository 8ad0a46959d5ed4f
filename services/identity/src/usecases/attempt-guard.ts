import { parseIdNumber } from '@zhtj/id-number';
import type { CaptchaStore } from '../captcha/captcha-store.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { AppError } from '@zhtj/contracts';

/** The normalised ID number, or the error that is safe to name for a malformed one. */
export function readIdNumber(raw: string): string {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) throw new AppError(parsed.problem === 'LEGACY_15_DIGITS' ? 'ID_NUMBER_LEGACY' : 'ID_NUMBER_INVALID');
  return parsed.id.value;
}

/**
 * The gate before any secret is checked (login, registration): the captcha answered, then not
 * locked out — in that order, so whether a number is locked cannot be probed without solving a
 * captcha. Pass no ID number to check the address alone (a reset code works for a locked number).
 */
export async function admitAttempt(
  deps: { throttle: LoginThrottle; captcha: CaptchaStore },
  idNumber: string | undefined,
  captcha: { captchaId: string; captchaCode: string },
  clientAddress: string | undefined,
): Promise<void> {
  if (!(await deps.captcha.verify(captcha.captchaId, captcha.captchaCode))) throw new AppError('CAPTCHA_INVALID');
  const retryAfter = await deps.throttle.retryAfter(idNumber, clientAddress);
  if (retryAfter > 0)
    throw new AppError('TOO_MANY_ATTEMPTS', { params: { retryAfter }, headers: { 'retry-after': String(retryAfter) } });
}
