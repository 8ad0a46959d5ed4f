import { describe, expect, it } from 'vitest';
import { DeliveryPolicy } from '../src/delivery-policy.js';
import { PermanentError } from '../src/index.js';

const storeDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });

describe('the delivery policy both consumers share', () => {
  const policy = new DeliveryPolicy({ maxDeliver: 3, backoffMs: [10, 20], outageRetryMs: [1] });

  it('retries a failure with the backoff (the last value repeating), and dead-letters on the last delivery', () => {
    const failure = new Error('boom');
    expect(policy.afterFailure(failure, 1)).toEqual({ kind: 'retry', delayMs: 10 });
    expect(policy.afterFailure(failure, 2)).toEqual({ kind: 'retry', delayMs: 20 });
    expect(policy.afterFailure(failure, 3)).toEqual({ kind: 'dead-letter' });
    expect(policy.serverMaxDeliver).toBe(4);
    expect([policy.exhausted(3), policy.exhausted(4)]).toEqual([false, true]);
  });

  it('dead-letters a permanent error at once, and never for an outage of the store', () => {
    expect(policy.afterFailure(new PermanentError('unreadable'), 1)).toEqual({ kind: 'dead-letter' });
    expect(policy.afterFailure(storeDown(), 3)).toEqual({ kind: 'retry', delayMs: 20 });
  });

  it('holds through an outage of the store while it may, keeping the message alive, and fails anything else at once', async () => {
    let tries = 0;
    let kept = 0;
    await policy.holdThroughOutage(
      async () => {
        tries += 1;
        if (tries < 4) throw storeDown();
      },
      { canHold: () => true, keepAlive: () => (kept += 1) },
    );
    expect([tries, kept]).toEqual([4, 3]);

    const other = new Error('no responders');
    let otherTries = 0;
    const failing = () => {
      otherTries += 1;
      return Promise.reject(other);
    };
    await expect(policy.holdThroughOutage(failing, { canHold: () => true })).rejects.toBe(other);
    expect(otherTries).toBe(1);
    // Stopping: an outage is not waited out any more, the message goes back.
    await expect(policy.holdThroughOutage(() => Promise.reject(storeDown()), { canHold: () => false })).rejects.toThrow(
      'ECONNREFUSED',
    );
  });
});
