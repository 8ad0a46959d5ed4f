import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TokenBuckets } from '@zhtj/service-kit';

export interface ThrottleOptions {
  /** Failures for one ID number before it is locked. */
  maxFailures: number;
  /** The first lock; each further lock within a day doubles it, up to `maxLockSec`. */
  lockSec: number;
  maxLockSec: number;
  /** Failures one client address may make at once (across all ID numbers)… */
  addressBurst: number;
  /** … and per hour after that. */
  addressPerHour: number;
}

// ID numbers are personal data: Redis keys carry a hash of them, never the number. The braces
// keep one number's keys in one Redis Cluster slot, so the script below may touch them together.
const idKeys = (idNumber: string) => {
  const h = createHash('sha256').update(idNumber).digest('hex').slice(0, 32);
  return [`login:{${h}}:failures`, `login:{${h}}:lock`, `login:{${h}}:locks`];
};
const LOCK_MEMORY_MS = 24 * 3600_000;

// A failure for a number: counted in a window that starts with the first failure (later ones do
// not renew it); at the limit the count starts over and the number is locked — for longer each
// time within a day (backoff), and for a fixed time from the lock, which attempts do not extend.
const RECORD_FAILURE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  local locks = redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
  local ms = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (locks - 1))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(ms))
end
return count`;

/**
 * Failed sign-ins (login, a reset code, a registration's password), in Redis. Per ID number the
 * strict rule: `maxFailures` and the number is locked, with backoff. Per client address a
 * token bucket sized for many people behind one NAT — a school at the start of term — so that
 * one address's mistakes lock nobody else, while guessing across many numbers from one address
 * stays slow. The address is the one the gateway decided (its trusted-proxy rule).
 */
export class LoginThrottle {
  private readonly addresses: TokenBuckets;

  constructor(
    private readonly redis: Redis,
    private readonly options: ThrottleOptions,
  ) {
    this.addresses = new TokenBuckets(redis, 'login:address:', {
      burst: options.addressBurst,
      perMinute: options.addressPerHour / 60,
    });
  }

  /** Seconds until the caller may try again (the longer of the number's lock and the address's wait), or 0. */
  async retryAfter(idNumber: string | undefined, address: string | undefined): Promise<number> {
    const [lockMs, addressWaitMs] = await Promise.all([
      idNumber ? this.redis.pttl(idKeys(idNumber)[1]!) : Promise.resolve(-2),
      address ? this.addresses.peek(address).then((s) => s.retryAfterMs) : Promise.resolve(0),
    ]);
    return Math.ceil(Math.max(0, lockMs, addressWaitMs) / 1000);
  }

  /** A failure: the number's count (when given) and the address's bucket. */
  async recordFailure(idNumber: string | undefined, address: string | undefined): Promise<void> {
    const o = this.options;
    await Promise.all([
      idNumber
        ? this.redis.eval(
            RECORD_FAILURE,
            3,
            ...idKeys(idNumber),
            String(o.maxFailures),
            String(o.lockSec * 1000),
            String(o.lockSec * 1000),
            String(o.maxLockSec * 1000),
            String(LOCK_MEMORY_MS),
          )
        : undefined,
      address ? this.addresses.take(address) : undefined,
    ]);
  }

  /** The number proved its secret: its failures, lock and lock history are forgotten. */
  async recordSuccess(idNumber: string): Promise<void> {
    await this.redis.del(...idKeys(idNumber));
  }
}
