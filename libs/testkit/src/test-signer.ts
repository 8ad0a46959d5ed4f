import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, newId, type RoleGrant } from '@zhtj/contracts';

export interface TestSigner {
  /** The public key set a token verifier is given (`createTokenVerifier({ keys })`). */
  keys: JWTVerifyGetKey;
  /** An access token as identity would issue it, for the given roles. */
  token(
    roles: RoleGrant[],
    claims?: { memberId?: string; accountId?: string; name?: string; sessionId?: string; generation?: number },
  ): Promise<string>;
}

/** A fresh ES256 key and tokens signed with it: services under test verify them as identity's. */
export async function testSigner(): Promise<TestSigner> {
  const kid = 'test-key';
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return {
    keys: createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256' }] }),
    token: (roles, claims = {}) =>
      new SignJWT({
        name: claims.name ?? '测试管理员',
        roles,
        ...(claims.memberId ? { memberId: claims.memberId } : {}),
        ...(claims.sessionId ? { sid: claims.sessionId } : {}),
        ...(claims.generation !== undefined ? { gen: claims.generation } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(claims.accountId ?? newId())
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey),
  };
}
