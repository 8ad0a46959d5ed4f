import { z } from 'zod';
import { uuid } from '../common.js';

/** Who signs access tokens and for whom: every service checks both. */
export const ACCESS_TOKEN_ISSUER = 'zhtj-identity';
export const ACCESS_TOKEN_AUDIENCE = 'zhtj';

/**
 * A role grant in a token: `member` of a branch, or `org_admin` of an org. A person may hold
 * both, and administer several orgs.
 */
export const roleGrantSchema = z.object({ role: z.enum(['member', 'org_admin']), orgId: uuid });
export type RoleGrant = z.infer<typeof roleGrantSchema>;

/** The claims of an ES256 access token issued by identity (besides iss, aud, iat, exp). */
export const accessTokenClaimsSchema = z.object({
  sub: uuid,
  name: z.string().min(1),
  roles: z.array(roleGrantSchema),
  /** The member record of a member's account, so services know whose data is "their own". */
  memberId: uuid.optional(),
  /** The session: the refresh-token family the token was issued in (a logout revokes it). */
  sid: z.string().min(1).max(64).optional(),
  /** The account's token generation, raised when its authority changes (see TokenRevocations). */
  gen: z.number().int().min(0).optional(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;
