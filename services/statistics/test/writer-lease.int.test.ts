import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type Redis } from '@zhtj/service-kit';
import { eventually } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { holdWriterLease } from '../src/events/writer-lease.js';

const infra = testInfra();
let redis: Redis;
beforeAll(async () => {
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
});
afterAll(async () => {
  await redis.quit();
});

/** A replica's writer: counts how often it was started and whether it runs now. */
function writer() {
  const state = { starts: 0, running: false };
  const start = async () => {
    state.starts += 1;
    state.running = true;
    return { stop: async () => void (state.running = false) };
  };
  return { state, start };
}

describe('the writer lease', () => {
  it('lets one replica write at a time, and another take over when it stops', async () => {
    const options = { key: `lease-${Date.now()}`, ttlMs: 600 };
    const [a, b] = [writer(), writer()];
    const leaseA = holdWriterLease(redis, options, a.start);
    await eventually(() => a.state.running, 'the first replica writing');
    const leaseB = holdWriterLease(redis, options, b.start);
    // Several renewals later, still only the first.
    await new Promise((r) => setTimeout(r, 1500));
    expect([a.state.running, b.state.running]).toEqual([true, false]);
    await leaseA.stop();
    expect(a.state.running).toBe(false);
    await eventually(() => b.state.running, 'the second replica writing');
    await leaseB.stop();
    expect(b.state).toEqual({ starts: 1, running: false });
  });

  it('stops writing when the lease is lost (expired and taken by another)', async () => {
    const options = { key: `lease-lost-${Date.now()}`, ttlMs: 600 };
    const a = writer();
    const lease = holdWriterLease(redis, options, a.start);
    await eventually(() => a.state.running, 'writing');
    await redis.set(options.key, 'another replica', 'PX', 5000);
    await eventually(() => !a.state.running, 'the writer stopped');
    await redis.del(options.key);
    await eventually(() => a.state.running && a.state.starts === 2, 'writing again once the lease is free');
    await lease.stop();
  });
});
