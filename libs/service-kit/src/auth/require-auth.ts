import type { MiddlewareHandler } from 'hono';
import { AppError } from '@zhtj/contracts';
import type { Caller, TokenVerifier } from './token-verifier.js';

export type AuthEnv = { Variables: { caller: Caller } };

const challenge = { 'www-authenticate': 'Bearer realm="zhtj"' };

/**
 * Middleware that lets a request through only with a valid `Authorization: Bearer` access token,
 * and puts the caller in `c.get('caller')`. Every service uses it: none trusts the gateway's
 * check alone.
 */
export function requireAuth(verify: TokenVerifier): MiddlewareHandler<AuthEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', { headers: challenge });
    try {
      c.set('caller', await verify(match[1]!));
    } catch (error) {
      if (error instanceof AppError && error.status === 401) {
        throw new AppError(error.code, {
          headers: { 'www-authenticate': 'Bearer realm="zhtj", error="invalid_token"' },
          cause: error,
        });
      }
      throw error;
    }
    await next();
  };
}
