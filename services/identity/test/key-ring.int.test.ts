import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { KeyEncryption } from '../src/keys/key-encryption.js';
import { KeyRing } from '../src/keys/key-ring.js';
import { signingKeyModel } from '../src/store/signing-key.model.js';
import { SigningKeyRepository } from '../src/store/signing-key.repository.js';
import { issueAccessToken } from '../src/tokens/access-token.js';
import { connectMongo } from '@zhtj/store';

const infra = testInfra();
let mongo: Awaited<ReturnType<typeof connectMongo>>;
beforeAll(async () => {
  mongo = await connectMongo({ url: infra.mongoUrl, database: infra.dbName('identity') });
});
afterAll(async () => {
  await mongo.close();
  await removeNamespace(infra, infra.namespace);
});

const DAY = 24 * 3600_000;

describe('the key ring', () => {
  it('rotates after the rotation period and keeps publishing the old key until its last token expired', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const ring = () =>
      new KeyRing({
        keys: new SigningKeyRepository(signingKeyModel(mongo)),
        encryption: new KeyEncryption('k'.repeat(40)),
        rotationMs: 30 * DAY,
        tokenTtlMs: 900_000,
        now: () => now,
      });
    const first = await ring().active();
    expect((await ring().active()).kid).toBe(first.kid);
    const oldToken = await issueAccessToken(
      ring(),
      { accountId: '01a1fed5-b053-7428-a27c-a7d1d5d87641', name: 'x', roles: [], sessionId: 's1', generation: 0 },
      900,
    );

    now = new Date(now.getTime() + 30 * DAY + 1000);
    const second = await ring().active();
    expect(second.kid).not.toBe(first.kid);
    const published = (await ring().jwks()).keys.map((k) => k.kid);
    expect(published).toEqual([second.kid, first.kid]);
    // Still verifiable with the published set (checked as of the time it was issued).
    const { protectedHeader } = await jwtVerify(oldToken, createLocalJWKSet(await ring().jwks()), {
      currentDate: new Date('2026-01-01T00:05:00Z'),
    });
    expect(protectedHeader.kid).toBe(first.kid);

    now = new Date(now.getTime() + 16 * 60_000 + 60_000);
    expect((await ring().jwks()).keys.map((k) => k.kid)).toEqual([second.kid]);
  });

  it('cannot open the stored keys with another secret', async () => {
    // On a day when the first test's keys are active: they were sealed under another secret.
    const ring = new KeyRing({
      keys: new SigningKeyRepository(signingKeyModel(mongo)),
      encryption: new KeyEncryption('z'.repeat(40)),
      rotationMs: 365 * DAY,
      tokenTtlMs: 900_000,
      now: () => new Date('2026-01-02T00:00:00Z'),
    });
    await expect(ring.active()).rejects.toThrow();
  });

  it('rotates JWT_KEYS_SECRET: keys sealed under the previous secret still sign, and are sealed again under the new one', async () => {
    const keys = new SigningKeyRepository(signingKeyModel(mongo));
    const now = () => new Date('2027-03-01T00:00:00Z');
    const options = { keys, rotationMs: 30 * DAY, tokenTtlMs: 900_000, now };
    const before = new KeyRing({ ...options, encryption: new KeyEncryption('old-secret-'.repeat(4)) });
    const key = await before.active();
    const token = await issueAccessToken(
      before,
      { accountId: '01a1fed5-b053-7428-a27c-a7d1d5d87641', name: 'x', roles: [], sessionId: 's1', generation: 0 },
      900,
    );

    const during = new KeyRing({ ...options, encryption: new KeyEncryption('new-secret-'.repeat(4), 'old-secret-'.repeat(4)) });
    expect((await during.active()).kid).toBe(key.kid); // no new key: the old one opens
    expect(await during.resealUnderCurrentSecret()).toBe(1);
    expect(await during.resealUnderCurrentSecret()).toBe(0);

    // Without the previous secret the key still opens, and tokens it signed still verify.
    const after = new KeyRing({ ...options, encryption: new KeyEncryption('new-secret-'.repeat(4)) });
    expect((await after.active()).kid).toBe(key.kid);
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(await after.jwks()));
    expect(protectedHeader.kid).toBe(key.kid);
    // …and the old secret alone no longer opens it.
    await expect(new KeyRing({ ...options, encryption: new KeyEncryption('old-secret-'.repeat(4)) }).active()).rejects.toThrow();
  });
});
