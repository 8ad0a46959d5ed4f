import type { Redis } from 'ioredis';
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js';

/** What of a verified access token the revocation list looks at. */
export interface RevocableToken {
  /** The account (`sub`). */
  accountId: string;
  /** The session (`sid`, the refresh-token family) the token was issued in. */
  sessionId?: string | undefined;
  /** The account's token generation when it was issued (`gen`); tokens from before it existed count as 0. */
  generation?: number | undefined;
}

/**
 * A short list of access tokens that must stop working before they expire: the session of a
 * logout, and every token of an account whose authority changed (a transfer, a removal, a
 * password reset). identity writes it; every token verifier reads it.
 *
 * An account's tokens carry its generation (`gen`), which identity bumps in the same write as
 * the change of roles; the list holds the lowest generation still valid. So a token issued a
 * moment before the change — even in the same millisecond — is refused, and one issued after it
 * is not, with no clock involved. Entries live as long as an access token (nothing older can
 * still be presented).
 */
export interface TokenRevocations {
  /** Tokens of the account with a generation below `generation` are revoked. Only ever raised. */
  revokeGenerationsBelow(accountId: string, generation: number): Promise<void>;
  /** Every token of the session is revoked. */
  revokeSession(sessionId: string): Promise<void>;
  isRevoked(token: RevocableToken): Promise<boolean>;
}

const accountKey = (accountId: string) => `auth:revoked:account:${accountId}`;
const sessionKey = (sessionId: string) => `auth:revoked:session:${sessionId}`;

// Raise, never lower: two identity replicas applying changes out of order keep the higher mark.
const RAISE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1`;

export function redisTokenRevocations(redis: Redis, options: { ttlSec: number }): TokenRevocations {
  const ttl = String(Math.max(1, Math.ceil(options.ttlSec)));
  return {
    async revokeGenerationsBelow(accountId, generation) {
      await redis.eval(RAISE, 1, accountKey(accountId), String(generation), ttl);
    },
    async revokeSession(sessionId) {
      await redis.set(sessionKey(sessionId), '1', 'EX', Number(ttl));
    },
    async isRevoked(token) {
      const keys = [accountKey(token.accountId), ...(token.sessionId ? [sessionKey(token.sessionId)] : [])];
      const [lowestValid, sessionRevoked] = await redis.mget(...keys);
      if (sessionRevoked) return true;
      return lowestValid != null && (token.generation ?? 0) < Number(lowestValid);
    },
  };
}

/**
 * The token verifier every service and the gateway run: identity's JWKS, and the revocation list
 * in the service's Redis. While the list cannot be read, tokens are taken on their signature and
 * a warning is logged (at most every ten seconds).
 */
export function serviceTokenVerifier(options: {
  jwksUrl: string;
  redis: Redis;
  logger: { warn(obj: object, msg: string): void };
}): TokenVerifier {
  let lastWarning = 0;
  return createTokenVerifier({
    jwksUrl: options.jwksUrl,
    // Readers never write, so the entries' lifetime does not matter here.
    revocations: redisTokenRevocations(options.redis, { ttlSec: 1 }),
    onRevocationCheckFailed(error) {
      if (Date.now() - lastWarning < 10_000) return;
      lastWarning = Date.now();
      options.logger.warn({ err: error }, 'the token revocation list cannot be read; tokens are taken on their signature alone');
    },
  });
}
