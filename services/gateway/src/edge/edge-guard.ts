import type { Context } from 'hono';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, type Caller, type TokenVerifier } from '@zhtj/service-kit';

export interface EdgeLimits {
  /** Requests a minute from one address without a valid token. */
  anonymousPerMinute: number;
  /** Requests a minute from one signed-in account. */
  accountPerMinute: number;
}

export interface EdgeGuard {
  /**
   * The caller of a proxied request: verified here, at the edge (the service checks again). A
   * route that is not public refuses a missing or bad token before the service is called.
   */
  authenticate(c: Context, isPublic: boolean): Promise<Caller | null>;
  /** Counts the request against the caller's (or the address's) limit: the RateLimit headers to answer with. */
  limit(caller: Caller | null, address: string | undefined): Promise<Record<string, string>>;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;
const challenge = { 'www-authenticate': 'Bearer realm="zhtj"' };
const WINDOW_SEC = 60;

/**
 * Authentication and rate limits at the edge. Limits are counted in Redis (one fixed window a
 * minute, shared by every gateway replica): per address for anonymous calls, per account for
 * signed-in ones, so a school behind one NAT address is not throttled as a single client.
 */
export function edgeGuard(deps: {
  verifyToken: TokenVerifier;
  redis: Redis;
  limits: EdgeLimits;
  /** Put before the counters' keys (tests keep their counters apart with it). */
  keyPrefix?: string;
}): EdgeGuard {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: deps.redis,
      keyPrefix: `${deps.keyPrefix ?? ''}ratelimit:${name}`,
      points,
      duration: WINDOW_SEC,
    });
  const anonymous = limiter('ip', deps.limits.anonymousPerMinute);
  const accounts = limiter('account', deps.limits.accountPerMinute);

  return {
    async authenticate(c, isPublic) {
      const header = c.req.header('authorization');
      if (!header) {
        if (isPublic) return null;
        throw new AppError('UNAUTHENTICATED', { headers: challenge });
      }
      const match = BEARER.exec(header);
      try {
        if (!match) throw new AppError('TOKEN_INVALID');
        return await deps.verifyToken(match[1]!);
      } catch (error) {
        // A public route works without a token; a bad one is still not a caller.
        if (isPublic && error instanceof AppError && error.status === 401) return null;
        if (error instanceof AppError && error.status === 401) {
          throw new AppError(error.code, {
            headers: { 'www-authenticate': 'Bearer realm="zhtj", error="invalid_token"' },
            cause: error,
          });
        }
        throw error;
      }
    },

    async limit(caller, address) {
      const [store, key, points] = caller
        ? [accounts, caller.accountId, deps.limits.accountPerMinute]
        : [anonymous, address ?? 'unknown', deps.limits.anonymousPerMinute];
      let state: RateLimiterRes;
      let refused = false;
      try {
        state = await store.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error; // Redis down: the readiness check says so
        state = error;
        refused = true;
      }
      const reset = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      const remaining = Math.max(0, state.remainingPoints);
      // The IETF draft's fields, and the older separate headers clients still read.
      const headers = {
        'ratelimit-policy': `${points};w=${WINDOW_SEC}`,
        ratelimit: `limit=${points}, remaining=${remaining}, reset=${reset}`,
        'ratelimit-limit': String(points),
        'ratelimit-remaining': String(remaining),
        'ratelimit-reset': String(reset),
      };
      if (refused) throw new AppError('RATE_LIMITED', { headers: { ...headers, 'retry-after': String(reset) } });
      return headers;
    },
  };
}
