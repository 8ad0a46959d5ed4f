import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// No 0/O, 1/I/l: the code is read out or copied by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RESET_CODE_TTL_MS = 2 * 24 * 3600_000;

export function newResetCode(length = 10): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function hashResetCode(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

export function resetCodeMatches(storedHash: string, given: string): boolean {
  const a = Buffer.from(storedHash);
  const b = Buffer.from(hashResetCode(given));
  return a.length === b.length && timingSafeEqual(a, b);
}
