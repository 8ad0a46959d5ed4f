import type { Context } from 'hono';
import type { Redis } from 'ioredis';
import {
  MemoryTokenBuckets,
  TokenBuckets,
  unavailableDependency,
  type BucketLimit,
  type BucketState,
  type Caller,
  type TokenVerifier,
} from '@zhtj/service-kit';
import { AppError } from '@zhtj/contracts';

export interface EdgeLimits {
  /** Requests from one address without a valid token. */
  anonymous: BucketLimit;
  /** Requests from one signed-in account. */
  account: BucketLimit;
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

/**
 * Authentication and rate limits at the edge. Limits are token buckets in Redis, shared by every
 * gateway replica: per address for anonymous calls, per account for signed-in ones (so a school
 * behind one NAT address is not throttled as a single client once its people sign in), each a
 * burst and a steady rate rather than a fixed window's cliff.
 */
export function edgeGuard(deps: {
  verifyToken: TokenVerifier;
  redis: Redis;
  limits: EdgeLimits;
  /** Put before the counters' keys (tests keep their counters apart with it). */
  keyPrefix?: string;
  /** Told when Redis cannot be reached and the limits are counted in this replica's memory. */
  onRedisDown?(error: unknown): void;
}): EdgeGuard {
  // While Redis is down the limits still hold, per replica, in memory: the API stays up for
  // people already signed in instead of failing with Redis (docs/operations.md, "Redis down").
  const buckets = (name: string, limit: BucketLimit) => {
    const shared = new TokenBuckets(deps.redis, `${deps.keyPrefix ?? ''}ratelimit:${name}:`, limit);
    const local = new MemoryTokenBuckets(limit);
    return {
      async take(key: string): Promise<BucketState> {
        try {
          return await shared.take(key);
        } catch (error) {
          if (!unavailableDependency(error)) throw error;
          deps.onRedisDown?.(error);
          return local.take(key);
        }
      },
    };
  };
  const anonymous = { buckets: buckets('ip', deps.limits.anonymous), limit: deps.limits.anonymous };
  const accounts = { buckets: buckets('account', deps.limits.account), limit: deps.limits.account };

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
      const [{ buckets, limit }, key] = caller ? [accounts, caller.accountId] : [anonymous, address ?? 'unknown'];
      const state = await buckets.take(key);
      const reset = Math.max(1, Math.ceil((state.allowed ? state.fullInMs : state.retryAfterMs) / 1000));
      // The IETF draft's fields, and the older separate headers clients still read.
      const headers = {
        'ratelimit-policy': `${limit.perMinute};w=60;burst=${limit.burst}`,
        ratelimit: `limit=${limit.burst}, remaining=${state.remaining}, reset=${reset}`,
        'ratelimit-limit': String(limit.burst),
        'ratelimit-remaining': String(state.remaining),
        'ratelimit-reset': String(reset),
      };
      if (!state.allowed) throw new AppError('RATE_LIMITED', { headers: { ...headers, 'retry-after': String(reset) } });
      return headers;
    },
  };
}
