import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { clientAddressOf, createTokenVerifier, redisTokenRevocations } from '@zhtj/service-kit';
import type { AppDependencies } from './app.js';
import { CaptchaStore } from './captcha/captcha-store.js';
import type { Config } from './config.js';
import { KeyEncryption } from './keys/key-encryption.js';
import { KeyRing } from './keys/key-ring.js';
import type { MemberAccountsDependencies } from './events/create-member-accounts.handler.js';
import { accountBatchModel } from './store/account-batch.model.js';
import { accountModel } from './store/account.model.js';
import { AccountRepository } from './store/account.repository.js';
import { memberPlacementModel } from './store/member-placement.model.js';
import { MemberPlacementRepository } from './store/member-placement.repository.js';
import { refreshTokenModel } from './store/refresh-token.model.js';
import { RefreshTokenRepository } from './store/refresh-token.repository.js';
import { signingKeyModel } from './store/signing-key.model.js';
import { SigningKeyRepository } from './store/signing-key.repository.js';
import { LoginThrottle } from './throttle/login-throttle.js';
import { RefreshTokens } from './tokens/refresh-tokens.js';
import type { LocateMember } from './usecases/password-reset.js';
import { PendingRegistrations } from './usecases/pending-registrations.js';
import type { CheckCode, RedeemCode } from './usecases/register-admin.js';
import { SessionIssuer } from './usecases/session-issuer.js';
import { OutboxBatches, type OutboxModels } from '@zhtj/store';

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
  | 'LOGIN_MAX_LOCK_SEC'
  | 'LOGIN_MAX_FAILURES_PER_IP'
  | 'LOGIN_FAILURES_PER_IP_PER_HOUR'
> &
  Partial<Pick<Config, 'TRUSTED_PROXIES'>>;

/** The commands identity sends to other services (over NATS in main.ts; stand-ins in tests). */
export interface IdentityCommands {
  /** organization says whether a registration code would be redeemed, spending nothing. */
  checkCode: CheckCode;
  /** organization spends a registration code. */
  redeemCode: RedeemCode;
  /** membership says where a member is now. */
  locateMember: LocateMember;
}

export interface IdentityGraph extends AppDependencies {
  /** What the MEMBER consumers need (accounts following member records). */
  memberAccounts: Omit<MemberAccountsDependencies, 'bus'>;
  /** The collections whose documents carry an outbox, for the relay. */
  outboxes: OutboxModels;
}

/**
 * Builds identity's object graph on its connections — shared by main.ts and the integration
 * tests, so both run the same wiring.
 */
export function composeIdentity(
  mongo: Connection,
  redis: Redis,
  config: IdentitySettings,
  commands: IdentityCommands,
): IdentityGraph {
  const keyRing = new KeyRing({
    keys: new SigningKeyRepository(signingKeyModel(mongo)),
    encryption: new KeyEncryption(config.JWT_KEYS_SECRET, config.JWT_KEYS_SECRET_PREVIOUS),
    rotationMs: config.KEY_ROTATION_DAYS * 24 * 3600_000,
    tokenTtlMs: config.ACCESS_TOKEN_TTL_SEC * 1000,
  });
  const accounts = new AccountRepository(accountModel(mongo));
  const refreshTokens = new RefreshTokens(new RefreshTokenRepository(refreshTokenModel(mongo)), config.REFRESH_TOKEN_TTL_SEC);
  // Entries outlive every access token that could still be presented (plus the clock tolerance).
  const revocations = redisTokenRevocations(redis, { ttlSec: config.ACCESS_TOKEN_TTL_SEC + 120 });
  const sessions = new SessionIssuer(keyRing, refreshTokens, accounts, revocations, config.ACCESS_TOKEN_TTL_SEC);
  // identity checks its own tokens against its own key ring, not over HTTP.
  const localKeys: JWTVerifyGetKey = async (header, token) => createLocalJWKSet(await keyRing.jwks())(header, token);
  return {
    keyRing,
    accounts,
    refreshTokens,
    captcha: new CaptchaStore(redis, config.CAPTCHA_ECHO),
    throttle: new LoginThrottle(redis, {
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockSec: config.LOGIN_LOCK_SEC,
      maxLockSec: config.LOGIN_MAX_LOCK_SEC,
      addressBurst: config.LOGIN_MAX_FAILURES_PER_IP,
      addressPerHour: config.LOGIN_FAILURES_PER_IP_PER_HOUR,
    }),
    sessions,
    checkCode: commands.checkCode,
    pendingRegistrations: new PendingRegistrations(redis),
    redeemCode: commands.redeemCode,
    locateMember: commands.locateMember,
    verifyToken: createTokenVerifier({ jwksUrl: 'http://identity.local/unused', keys: localKeys, revocations }),
    clientAddress: clientAddressOf(config.TRUSTED_PROXIES ?? ['127.0.0.1/8', '::1/128']),
    memberAccounts: {
      accounts,
      batches: new OutboxBatches(accountBatchModel(mongo)),
      follow: { accounts, placements: new MemberPlacementRepository(memberPlacementModel(mongo)), sessions },
    },
    outboxes: [accountModel(mongo), accountBatchModel(mongo)],
  };
}
