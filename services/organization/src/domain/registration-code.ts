import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// Case-sensitive, without look-alikes (0/O/o, 1/I/l): 54 symbols, 12 of them ≈ 69 bits.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

export function newRegistrationCode(length = 12): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The stored form: case matters, so the code is hashed exactly as given. */
export function hashRegistrationCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

export function registrationCodeMatches(storedHash: string, given: string): boolean {
  const a = Buffer.from(storedHash);
  const b = Buffer.from(hashRegistrationCode(given));
  return a.length === b.length && timingSafeEqual(a, b);
}

export type RedeemRefusal = 'REGISTRATION_CODE_MISMATCH' | 'REGISTRATION_CODE_USED' | 'REGISTRATION_CODE_EXPIRED';

/**
 * Why a code cannot be redeemed for the org, if it cannot. A code of another org is simply "not
 * this org's code": nothing says whose it is.
 */
export function redeemRefusal(
  stored: { codeHash: string; expiresAt: Date; usedAt: Date | null } | null,
  given: string,
  now: Date,
): RedeemRefusal | undefined {
  if (!stored || !registrationCodeMatches(stored.codeHash, given)) return 'REGISTRATION_CODE_MISMATCH';
  if (stored.usedAt) return 'REGISTRATION_CODE_USED';
  if (stored.expiresAt <= now) return 'REGISTRATION_CODE_EXPIRED';
  return undefined;
}
