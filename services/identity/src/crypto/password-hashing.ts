import { hash, verify } from '@node-rs/argon2';
import { matchesInitialPassword } from '../domain/passwords.js';

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * Checks a candidate against an account: its hash, or — while it has none — the initial
 * password, always after one argon2 verification so both take the same time.
 */
export async function verifyAccountPassword(
  account: { idNumber: string; passwordHash: string | null },
  candidate: string,
): Promise<boolean> {
  if (account.passwordHash) return verifyPassword(account.passwordHash, candidate);
  return (await spendVerification(candidate)) || matchesInitialPassword(account.idNumber, candidate);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one real verification and fails. Logins for unknown ID numbers and for
 * accounts still on their initial password call it, so every login costs the same argon2 work
 * and the answer time says nothing about whether an account exists.
 */
export async function spendVerification(password: string): Promise<false> {
  decoy ??= hashPassword('decoy-password-never-matches-0');
  await verify(await decoy, password).catch(() => false);
  return false;
}
