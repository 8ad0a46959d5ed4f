import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, accessTokenClaimsSchema, type RoleGrant } from '@zhtj/contracts';
import { AppError } from '@zhtj/contracts';
import type { TokenRevocations } from './token-revocations.js';

/** The caller, as a verified access token describes them. */
export interface Caller {
  accountId: string;
  name: string;
  roles: RoleGrant[];
  /** Set when the account belongs to a member. */
  memberId?: string;
  /** The session (refresh-token family) the token was issued in. */
  sessionId?: string;
}

export interface TokenVerifierOptions {
  /** identity's JWKS, e.g. `http://identity:8081/.well-known/jwks.json`. */
  jwksUrl: string;
  /** Seconds of clock difference tolerated on exp/iat between machines. */
  clockToleranceSec?: number;
  /** How long fetched keys are trusted before asking again. */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches triggered by an unknown kid (a rotated key). */
  cooldownMs?: number;
  /** For tests: a key source other than the remote JWKS. */
  keys?: JWTVerifyGetKey;
  /**
   * Tokens verified in the last this-many milliseconds are taken again without checking the
   * signature (never past their expiry); 0 turns it off. Bounds how long a token signed with a
   * key identity has since withdrawn stays accepted here.
   */
  verifiedCacheMs?: number;
  /**
   * The revocation list (logouts, changed authority), checked on every call, cached or not.
   * Without it a token works until it expires.
   */
  revocations?: TokenRevocations;
  /**
   * Called when the list cannot be read (Redis down). The token is then accepted on its
   * signature alone: tokens live 15 minutes, and refusing every request while Redis is down
   * would take the whole API with it (docs/operations.md, "Redis down").
   */
  onRevocationCheckFailed?(error: unknown): void;
}

export type TokenVerifier = (token: string) => Promise<Caller>;

interface Verified {
  caller: Caller;
  expiresAtMs: number;
  revocable: { accountId: string; sessionId: string | undefined; generation: number | undefined };
}

/**
 * Verifies identity's access tokens: ES256 only (so `alg: none` and HMAC tricks are refused),
 * right issuer and audience, not expired beyond the tolerance, signed by a key in identity's
 * JWKS. The JWKS is fetched once and cached; a token with an unknown `kid` triggers a refetch, so
 * rotated keys are picked up without a restart.
 *
 * @example
 * const verify = createTokenVerifier({ jwksUrl: config.JWKS_URL });
 * app.use('/members/*', requireAuth(verify));
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
      timeoutDuration: 5000,
    });
  // A client sends the same token with every request for its 15 minutes: checking the ES256
  // signature each time was an eighth of the gateway's CPU under load. Only successes are kept.
  const cacheMs = options.verifiedCacheMs ?? 60_000;
  const verified = new LRUCache<string, Verified>({ max: 10_000, ttl: Math.max(cacheMs, 1), ttlAutopurge: false });
  return async function verifyToken(token) {
    let known = cacheMs > 0 ? verified.get(token) : undefined;
    if (!known) {
      known = await verifySignedToken(token);
      const ttl = Math.min(cacheMs, known.expiresAtMs - Date.now());
      if (ttl > 0) verified.set(token, known, { ttl });
    }
    if (options.revocations && (await revoked(options.revocations, known.revocable))) throw new AppError('TOKEN_REVOKED');
    return known.caller;
  };

  async function revoked(list: TokenRevocations, token: Verified['revocable']): Promise<boolean> {
    try {
      return await list.isRevoked(token);
    } catch (error) {
      options.onRevocationCheckFailed?.(error);
      return false;
    }
  }

  async function verifySignedToken(token: string): Promise<Verified> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        clockTolerance: options.clockToleranceSec ?? 30,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AppError('TOKEN_EXPIRED', { cause: error });
      // The keys could not be had (identity down, a broken JWKS): our outage, not a bad token —
      // a 401 would send the caller to log in again for nothing.
      // jose says "Expected 200 OK from the JSON Web Key Set HTTP response" (identity answering
      // 503 while its database is down) with its generic error, used for nothing about a token.
      const keysUnavailable =
        !(error instanceof errors.JOSEError) ||
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        error.code === 'ERR_JOSE_GENERIC';
      if (keysUnavailable) {
        throw new AppError('SERVICE_UNAVAILABLE', { params: { service: 'identity' }, cause: error });
      }
      throw new AppError('TOKEN_INVALID', { cause: error });
    }
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AppError('TOKEN_INVALID');
    const { sub, name, roles, memberId, sid, gen } = claims.data;
    const expiresAtMs = (payload as { exp: number }).exp * 1000; // required and checked by jwtVerify
    return {
      caller: { accountId: sub, name, roles, ...(memberId ? { memberId } : {}), ...(sid ? { sessionId: sid } : {}) },
      expiresAtMs,
      revocable: { accountId: sub, sessionId: sid, generation: gen },
    };
  }
}
