import { timingSafeEqual } from 'node:crypto';

/**
 * The initial password of an imported member: the last 8 characters of the ID number (FAQ).
 * Compared in constant time; a trailing X may be typed in either case.
 */
export function matchesInitialPassword(idNumber: string, candidate: string): boolean {
  const expected = Buffer.from(initialPassword(idNumber));
  const given = Buffer.from(candidate.toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function initialPassword(idNumber: string): string {
  return idNumber.slice(-8).toUpperCase();
}

export type PasswordPolicyViolation = 'TOO_SHORT' | 'NEEDS_LETTERS_AND_DIGITS' | 'SAME_AS_INITIAL' | 'TOO_LONG';

/** ≥ 8 characters with letters and digits, not the initial password or the ID number's tail. */
export function checkPasswordPolicy(password: string, idNumber: string): PasswordPolicyViolation | undefined {
  if (password.length < 8) return 'TOO_SHORT';
  if (password.length > 128) return 'TOO_LONG';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'NEEDS_LETTERS_AND_DIGITS';
  const upper = password.toUpperCase();
  if (upper === initialPassword(idNumber) || idNumber.toUpperCase().endsWith(upper) || upper.includes(idNumber.toUpperCase())) {
    return 'SAME_AS_INITIAL';
  }
  return undefined;
}
