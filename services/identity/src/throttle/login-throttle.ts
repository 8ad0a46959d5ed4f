import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ThrottleOptions {
  maxFailures: number;
  maxFailuresPerAddress: number;
  lockSec: number;
}

// ID numbers are personal data: Redis keys carry a hash of them, never the number.
const idKey = (idNumber: string) => `login:fail:id:${createHash('sha256').update(idNumber).digest('hex').slice(0, 32)}`;
const addressKey = (address: string) => `login:fail:ip:${address}`;

/**
 * Counts failed logins per ID number and per client address in Redis. After `maxFailures` for a
 * number it is locked for `lockSec` (counted from the last failure); an address is limited the
 * same way across all numbers. A success clears the number's count.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: ThrottleOptions,
  ) {}

  /** Seconds until the caller may try again, or 0 when they may try now. */
  async retryAfter(idNumber: string, address: string | undefined): Promise<number> {
    const keys = [idKey(idNumber), ...(address ? [addressKey(address)] : [])];
    const limits = [this.options.maxFailures, this.options.maxFailuresPerAddress];
    const counts = await this.redis.mget(...keys);
    let wait = 0;
    for (const [i, count] of counts.entries()) {
      if (Number(count ?? 0) >= limits[i]!) wait = Math.max(wait, await this.redis.ttl(keys[i]!));
    }
    return Math.max(0, wait);
  }

  async recordFailure(idNumber: string, address: string | undefined): Promise<void> {
    const multi = this.redis.multi();
    for (const k of [idKey(idNumber), ...(address ? [addressKey(address)] : [])]) multi.incr(k).expire(k, this.options.lockSec);
    await multi.exec();
  }

  async recordSuccess(idNumber: string): Promise<void> {
    await this.redis.del(idKey(idNumber));
  }
}
