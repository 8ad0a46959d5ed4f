import { SignJWT } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type RoleGrant } from '@zhtj/contracts';
import type { KeyRing } from '../keys/key-ring.js';

/** Whom an access token names: the account, its roles, and its member record if it has one. */
export interface TokenSubject {
  accountId: string;
  name: string;
  roles: RoleGrant[];
  memberId?: string | undefined;
  /** The session (refresh-token family): a logout revokes its tokens. */
  sessionId: string;
  /** The account's token generation (see TokenRevocations). */
  generation: number;
}

/** Signs a short-lived ES256 access token naming the account and its roles. */
export async function issueAccessToken(keyRing: KeyRing, subject: TokenSubject, ttlSec: number): Promise<string> {
  const key = await keyRing.active();
  return new SignJWT({
    name: subject.name,
    roles: subject.roles,
    ...(subject.memberId ? { memberId: subject.memberId } : {}),
    sid: subject.sessionId,
    gen: subject.generation,
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(subject.accountId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSec}s`)
    .sign(key.privateKey);
}
