import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '@zhtj/service-kit';
import { nthIdNumber } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { LoginThrottle } from '../src/throttle/login-throttle.js';

const infra = testInfra();
let redis: Redis;
beforeAll(async () => {
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
});
afterAll(() => redis?.disconnect());

const person = (n: number) => nthIdNumber(n, { firstBirthday: '1999-09-09', region: '310101' });
const throttle = (o: Partial<ConstructorParameters<typeof LoginThrottle>[1]> = {}) =>
  new LoginThrottle(redis, { maxFailures: 3, lockSec: 20, maxLockSec: 50, addressBurst: 1000, addressPerHour: 100_000, ...o });
/** Whole seconds, as Retry-After says them, within the few seconds a loaded machine may take. */
const about = (seconds: number) => expect.toSatisfy((v: number) => v <= seconds && v > seconds - 5);

describe('the login throttle (real Redis)', () => {
  it('locks a number after its failures, for longer each time (backoff, capped), and forgets all on success', async () => {
    const t = throttle();
    const id = person(1);
    for (let i = 0; i < 2; i += 1) await t.recordFailure(id, undefined);
    expect(await t.retryAfter(id, undefined)).toBe(0);
    await t.recordFailure(id, undefined);
    expect(await t.retryAfter(id, undefined)).toEqual(about(20));
    // Waiting out the lock and failing again locks for twice as long, then the cap.
    await redis.del(`login:{${await lockKeyOf(id)}}:lock`);
    for (let i = 0; i < 3; i += 1) await t.recordFailure(id, undefined);
    expect(await t.retryAfter(id, undefined)).toEqual(about(40));
    await redis.del(`login:{${await lockKeyOf(id)}}:lock`);
    for (let i = 0; i < 3; i += 1) await t.recordFailure(id, undefined);
    expect(await t.retryAfter(id, undefined)).toEqual(about(50));
    await t.recordSuccess(id);
    expect(await t.retryAfter(id, undefined)).toBe(0);
    for (let i = 0; i < 3; i += 1) await t.recordFailure(id, undefined);
    expect(await t.retryAfter(id, undefined)).toEqual(about(20)); // the history went with the success
  });

  it('does not extend a lock by attempts made during it', async () => {
    const t = throttle();
    const id = person(2);
    for (let i = 0; i < 3; i += 1) await t.recordFailure(id, undefined);
    const first = await redis.pttl(`login:{${await lockKeyOf(id)}}:lock`);
    await t.recordFailure(id, undefined);
    await t.recordFailure(id, undefined);
    expect(await redis.pttl(`login:{${await lockKeyOf(id)}}:lock`)).toBeLessThanOrEqual(first);
  });

  it('gives each address a bucket: a burst, then a steady rate; one address’s failures hold back no other', async () => {
    const t = throttle({ maxFailures: 1000, addressBurst: 5, addressPerHour: 360 }); // one per 10 s after the burst
    const school = '198.51.100.200';
    for (let n = 0; n < 5; n += 1) {
      expect(await t.retryAfter(person(100 + n), school)).toBe(0);
      await t.recordFailure(person(100 + n), school);
    }
    const wait = await t.retryAfter(person(200), school);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10);
    expect(await t.retryAfter(person(200), '198.51.100.201')).toBe(0);
    // A failure without a number (a wrong registration code) is the address's alone.
    await t.recordFailure(undefined, '198.51.100.202');
    expect(await t.retryAfter(person(100), undefined)).toBe(0);
    // The bucket fills again with time (here a token per 100 ms).
    const quick = throttle({ maxFailures: 1000, addressBurst: 1, addressPerHour: 36_000 });
    await quick.recordFailure(undefined, '198.51.100.203');
    await new Promise((r) => setTimeout(r, 200));
    expect(await quick.retryAfter(undefined, '198.51.100.203')).toBe(0);
  });
});

/** The hash part of a number's keys (the throttle never stores the number itself). */
async function lockKeyOf(idNumber: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(idNumber).digest('hex').slice(0, 32);
}
