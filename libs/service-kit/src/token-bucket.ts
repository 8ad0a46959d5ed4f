import type { Redis } from 'ioredis';

/** How much a key may do: `burst` at once, then `perMinute` on average. */
export interface BucketLimit {
  burst: number;
  perMinute: number;
}

export interface BucketState {
  allowed: boolean;
  /** Whole tokens left after this call. */
  remaining: number;
  /** Milliseconds until the next token when refused (0 when allowed). */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. */
  fullInMs: number;
}

// One atomic step of a token bucket, timed by Redis's clock (all replicas agree on it): refill
// for the time passed, then take `cost` if there is that much. A cost of 0 only looks.
const STEP = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'v', 't')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
local fullIn = math.ceil((capacity - tokens) / perMs)
if cost > 0 then
  redis.call('HSET', KEYS[1], 'v', tostring(tokens), 't', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.max(1, fullIn))
end
local wait = 0
if allowed == 0 then wait = math.ceil((cost - tokens) / perMs) end
if cost == 0 and tokens < 1 then
  allowed = 0
  wait = math.ceil((1 - tokens) / perMs)
end
return { allowed, math.floor(tokens), wait, fullIn }`;

/**
 * Token buckets in Redis, shared by every replica: a key may spend `burst` at once and then
 * `perMinute` on average — unlike a fixed window, neither a boundary nor one busy minute makes a
 * cliff, and a key left alone fills up again. Sized for places where many people share one
 * address (a school behind NAT).
 */
export class TokenBuckets {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: BucketLimit,
  ) {}

  /** Spends `cost` tokens of the key's bucket, if it has them. */
  take(key: string, cost = 1): Promise<BucketState> {
    return this.step(key, cost);
  }

  /** Whether the key could spend one token now, spending nothing. */
  peek(key: string): Promise<BucketState> {
    return this.step(key, 0);
  }

  private async step(key: string, cost: number): Promise<BucketState> {
    const perMs = this.limit.perMinute / 60_000;
    const [allowed, remaining, retryAfterMs, fullInMs] = (await this.redis.eval(
      STEP,
      1,
      `${this.prefix}{${key}}`,
      String(this.limit.burst),
      String(perMs),
      String(cost),
    )) as [number, number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs, fullInMs };
  }
}

/** The same buckets in this process's memory: what the gateway counts with while Redis is down. */
export class MemoryTokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, cost = 1): Promise<BucketState> {
    return Promise.resolve(this.step(key, cost));
  }

  peek(key: string): Promise<BucketState> {
    return Promise.resolve(this.step(key, 0));
  }

  private step(key: string, cost: number): BucketState {
    const perMs = this.limit.perMinute / 60_000;
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    let tokens = Math.min(this.limit.burst, b.tokens + Math.max(0, now - b.at) * perMs);
    const allowed = cost === 0 ? tokens >= 1 : tokens >= cost;
    if (allowed) tokens -= cost;
    if (cost > 0) {
      // Oldest first out: a flood of new keys cannot grow the map without bound.
      this.buckets.delete(key);
      this.buckets.set(key, { tokens, at: now });
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    return {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterMs: allowed ? 0 : Math.ceil(((cost === 0 ? 1 : cost) - tokens) / perMs),
      fullInMs: Math.ceil((this.limit.burst - tokens) / perMs),
    };
  }
}
