import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, newId, AppError } from '@zhtj/contracts';
import { jsonBody } from '@zhtj/testkit';
import { createTokenVerifier, problemResponse, requireAuth, type AuthEnv, type TokenVerifier } from '../src/index.js';

// identity's JWKS stands here as a real HTTP server on loopback, with keys we can rotate.
let published: JWK[] = [];
let jwksUrl: string;
let fetches = 0;
/** identity answering its JWKS with this status (503 while its database is down). */
let jwksStatus = 200;
const server = http.createServer((_req, res) => {
  fetches += 1;
  res.statusCode = jwksStatus;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(jwksStatus === 200 ? { keys: published } : { code: 'SERVICE_UNAVAILABLE' }));
});

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}
async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = newId();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

const accountId = newId();
const orgId = newId();
const claims = { name: '张三', roles: [{ role: 'org_admin', orgId }] };

function sign(
  key: SigningKey,
  options: {
    expiresIn?: string | number;
    issuedAt?: number;
    payload?: Record<string, unknown>;
    audience?: string;
    issuer?: string;
  } = {},
) {
  return new SignJWT(options.payload ?? claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setSubject(accountId)
    .setIssuer(options.issuer ?? ACCESS_TOKEN_ISSUER)
    .setAudience(options.audience ?? ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresIn ?? '15m')
    .sign(key.privateKey);
}

let current: SigningKey;
let verify: TokenVerifier;

beforeAll(async () => {
  current = await newKey();
  published = [current.jwk];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  verify = createTokenVerifier({ jwksUrl, cooldownMs: 0 });
});
afterAll(() => server.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('the access token verifier', () => {
  it('accepts a token signed by a published key and returns the caller', async () => {
    expect(await verify(await sign(current))).toEqual({ accountId, name: '张三', roles: [{ role: 'org_admin', orgId }] });
  });

  it('fetches the JWKS once and then serves from its cache', async () => {
    const before = fetches;
    await verify(await sign(current));
    await verify(await sign(current));
    expect(fetches).toBe(before);
  });

  it('says TOKEN_EXPIRED beyond the clock tolerance, and accepts within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await codeOf(verify(await sign(current, { issuedAt: now - 1000, expiresIn: now - 120 })))).toBe('TOKEN_EXPIRED');
    expect((await verify(await sign(current, { issuedAt: now - 1000, expiresIn: now - 10 }))).accountId).toBe(accountId);
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = (await sign(current)).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        roles: [{ role: 'org_admin', orgId: newId() }],
      }),
    ).toString('base64url');
    expect(await codeOf(verify(`${header}.${forged}.${signature}`))).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed by a key identity never published, whatever kid it claims', async () => {
    const stranger = await newKey();
    expect(await codeOf(verify(await sign(stranger)))).toBe('TOKEN_INVALID');
    expect(await codeOf(verify(await sign({ ...stranger, kid: current.kid })))).toBe('TOKEN_INVALID');
  });

  it("refuses alg 'none' and an HMAC token keyed with the public key", async () => {
    const unsecured = new UnsecuredJWT(claims)
      .setSubject(accountId)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setExpirationTime('15m')
      .encode();
    expect(await codeOf(verify(unsecured))).toBe('TOKEN_INVALID');
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .setSubject(accountId)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode(JSON.stringify(current.jwk)));
    expect(await codeOf(verify(hmac))).toBe('TOKEN_INVALID');
  });

  it('refuses another audience or issuer, and claims that miss the roles', async () => {
    expect(await codeOf(verify(await sign(current, { audience: 'someone-else' })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verify(await sign(current, { issuer: 'https://evil.example' })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verify(await sign(current, { payload: { name: '张三' } })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verify('not.a.jwt'))).toBe('TOKEN_INVALID');
  });

  it('answers 503 naming identity, not 401, when the keys cannot be fetched', async () => {
    const unreachable = createTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json' });
    const error = await unreachable(await sign(current)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as AppError).status).toBe(503);
    // identity up but answering 503 for its keys (its database down): the same, not a bad token.
    jwksStatus = 503;
    try {
      const fresh = createTokenVerifier({ jwksUrl, cooldownMs: 0 });
      expect(await fresh(await sign(current)).catch((e: AppError) => e.code)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      jwksStatus = 200;
    }
  });

  it('takes a token it verified in the last minute again without checking its signature, never past its expiry', async () => {
    let checks = 0;
    const local = createLocalJWKSet({ keys: [current.jwk] });
    const counting: JWTVerifyGetKey = (header, token) => {
      checks += 1;
      return local(header, token);
    };
    const cached = createTokenVerifier({ jwksUrl, keys: counting, clockToleranceSec: 0 });
    const token = await sign(current);
    await cached(token);
    await cached(token);
    expect(checks).toBe(1);
    await cached(await sign(current)); // another token is checked
    expect(checks).toBe(2);

    const uncached = createTokenVerifier({ jwksUrl, keys: counting, verifiedCacheMs: 0 });
    await uncached(token);
    await uncached(token);
    expect(checks).toBe(4);

    const shortLived = await sign(current, { expiresIn: Math.floor(Date.now() / 1000) + 1 });
    expect((await cached(shortLived)).accountId).toBe(accountId);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await codeOf(cached(shortLived))).toBe('TOKEN_EXPIRED');
  });

  it('picks up a rotated key without a restart, and keeps the old one while it is published', async () => {
    const next = await newKey();
    const oldToken = await sign(current);
    published = [current.jwk, next.jwk];
    expect((await verify(await sign(next))).accountId).toBe(accountId);
    expect((await verify(oldToken)).accountId).toBe(accountId);
    published = [next.jwk];
    current = next;
  });
});

describe('requireAuth', () => {
  const app = new Hono<AuthEnv>();
  app.onError((error, c) => (error instanceof AppError ? problemResponse(c, error) : c.text('boom', 500)));
  app.use('*', async (c, next) => requireAuth(verify)(c, next));
  app.get('/me', (c) => c.json(c.get('caller')));

  it('lets a valid bearer token through with the caller', async () => {
    const res = await app.request('/me', { headers: { authorization: `Bearer ${await sign(current)}` } });
    expect(res.status).toBe(200);
    expect((await jsonBody(res)).accountId).toBe(accountId);
  });

  it('answers 401 UNAUTHENTICATED with a challenge when there is no bearer token', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b']) {
      const res = await app.request('/me', authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect((await jsonBody(res)).code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 401 TOKEN_EXPIRED as problem+json for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await app.request('/me', {
      headers: { authorization: `Bearer ${await sign(current, { issuedAt: now - 3600, expiresIn: now - 600 })}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await jsonBody(res)).code).toBe('TOKEN_EXPIRED');
  });
});
