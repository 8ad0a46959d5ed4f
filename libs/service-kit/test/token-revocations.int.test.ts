import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, AppError } from '@zhtj/contracts';
import { testSigner, type TestSigner } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { connectRedis, createTokenVerifier, redisTokenRevocations, type Redis } from '../src/index.js';

const infra = testInfra();
let redis: Redis;
let signer: TestSigner;
beforeAll(async () => {
  redis = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
  signer = await testSigner();
});
afterAll(() => redis?.disconnect());

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof AppError ? error.code : Promise.reject(error)),
  );

describe('the token revocation list', () => {
  it('revokes a session’s tokens, and an account’s tokens below a generation — even ones verified a moment ago', async () => {
    const list = redisTokenRevocations(redis, { ttlSec: 60 });
    const verify = createTokenVerifier({ jwksUrl: 'http://unused.invalid/', keys: signer.keys, revocations: list });
    const accountId = newId();
    const [s1, s2] = [newId(), newId()];
    const old = await signer.token([], { accountId, sessionId: s1, generation: 0 });
    const other = await signer.token([], { accountId, sessionId: s2, generation: 0 });
    const current = await signer.token([], { accountId, sessionId: s2, generation: 1 });
    expect(await code(verify(old))).toBe('accepted'); // now in the verified-token cache
    await list.revokeSession(s1);
    expect(await code(verify(old))).toBe('TOKEN_REVOKED');
    expect(await code(verify(other))).toBe('accepted');

    await list.revokeGenerationsBelow(accountId, 1);
    expect(await code(verify(other))).toBe('TOKEN_REVOKED');
    expect(await code(verify(current))).toBe('accepted');
    // Only ever raised: an older mark arriving late changes nothing.
    await list.revokeGenerationsBelow(accountId, 2);
    await list.revokeGenerationsBelow(accountId, 1);
    expect(await code(verify(current))).toBe('TOKEN_REVOKED');
    // A token from before generations existed counts as generation 0.
    expect(await code(verify(await signer.token([], { accountId })))).toBe('TOKEN_REVOKED');
    expect(await code(verify(await signer.token([], { accountId: newId() })))).toBe('accepted');
  });

  it('keeps its entries one token lifetime', async () => {
    const list = redisTokenRevocations(redis, { ttlSec: 900 });
    const accountId = newId();
    await list.revokeGenerationsBelow(accountId, 3);
    const ttl = await redis.ttl(`auth:revoked:account:${accountId}`);
    expect(ttl).toBeGreaterThan(890);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('takes tokens on their signature while Redis cannot be read, and says so', async () => {
    const down = await connectRedis({ url: infra.redisUrl, keyPrefix: infra.redisKeyPrefix });
    down.disconnect();
    const failures: unknown[] = [];
    const verify = createTokenVerifier({
      jwksUrl: 'http://unused.invalid/',
      keys: signer.keys,
      revocations: redisTokenRevocations(down, { ttlSec: 60 }),
      onRevocationCheckFailed: (error) => failures.push(error),
    });
    expect(await code(verify(await signer.token([], { sessionId: newId() })))).toBe('accepted');
    expect(failures).toHaveLength(1);
  });
});
