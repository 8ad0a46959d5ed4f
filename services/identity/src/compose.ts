import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { createTokenVerifier } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { CaptchaStore } from './captcha/captcha-store.js';
import type { Config } from './config.js';
import { KeyEncryption } from './keys/key-encryption.js';
import { KeyRing } from './keys/key-ring.js';
import { signingKeyModel } from './keys/signing-key.model.js';
import { accountModel } from './store/account.model.js';
import { AccountRepository } from './store/account.repository.js';
import { LoginThrottle } from './throttle/login-throttle.js';
import { refreshTokenModel } from './tokens/refresh-token.model.js';
import { RefreshTokens } from './tokens/refresh-tokens.js';
import type { RedeemCode } from './usecases/register-admin.js';
import { SessionIssuer } from './usecases/session-issuer.js';

type IdentitySettings = Pick<
  Config,
  | 'JWT_KEYS_SECRET'
  | 'JWT_KEYS_SECRET_PREVIOUS'
  | 'ACCESS_TOKEN_TTL_SEC'
  | 'REFRESH_TOKEN_TTL_SEC'
  | 'KEY_ROTATION_DAYS'
  | 'CAPTCHA_ECHO'
  | 'LOGIN_MAX_FAILURES'
  | 'LOGIN_LOCK_SEC'
  | 'LOGIN_MAX_FAILURES_PER_IP'
>;

/**
 * Builds identity's object graph on its connections — shared by main.ts and the integration
 * tests, so both run the same wiring.
 */
export function composeIdentity(
  mongo: Connection,
  redis: Redis,
  config: IdentitySettings,
  redeemCode: RedeemCode,
): AppDependencies {
  const keyRing = new KeyRing({
    keys: signingKeyModel(mongo),
    encryption: new KeyEncryption(config.JWT_KEYS_SECRET, config.JWT_KEYS_SECRET_PREVIOUS),
    rotationMs: config.KEY_ROTATION_DAYS * 24 * 3600_000,
    tokenTtlMs: config.ACCESS_TOKEN_TTL_SEC * 1000,
  });
  const accounts = new AccountRepository(accountModel(mongo));
  const refreshTokens = new RefreshTokens(refreshTokenModel(mongo), config.REFRESH_TOKEN_TTL_SEC);
  // identity checks its own tokens against its own key ring, not over HTTP.
  const localKeys: JWTVerifyGetKey = async (header, token) => createLocalJWKSet(await keyRing.jwks())(header, token);
  return {
    keyRing,
    accounts,
    refreshTokens,
    captcha: new CaptchaStore(redis, config.CAPTCHA_ECHO),
    throttle: new LoginThrottle(redis, {
      maxFailures: config.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_IP,
      lockSec: config.LOGIN_LOCK_SEC,
    }),
    sessions: new SessionIssuer(keyRing, refreshTokens, accounts, config.ACCESS_TOKEN_TTL_SEC),
    redeemCode,
    verifyToken: createTokenVerifier({ jwksUrl: 'http://identity.local/unused', keys: localKeys }),
    clientAddress: (c) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim(),
  };
}
