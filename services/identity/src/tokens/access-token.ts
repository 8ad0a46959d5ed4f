import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type RoleGrant } from '@zhtj/contracts';
import type { KeyRing } from '../keys/key-ring.js';

/** Signs a short-lived ES256 access token naming the account and its roles. */
export async function issueAccessToken(
  keyRing: KeyRing,
  subject: { accountId: string; name: string; roles: RoleGrant[] },
  ttlSec: number,
): Promise<string> {
  const key = await keyRing.active();
  return new SignJWT({ name: subject.name, roles: subject.roles })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(subject.accountId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSec}s`)
    .sign(key.privateKey);
}
