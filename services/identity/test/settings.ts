import type { composeIdentity, IdentityCommands } from '../src/compose.js';

type IdentitySettings = Parameters<typeof composeIdentity>[2];

/** identity's settings for tests that compose it in-process: the defaults, captcha echoed, with a test's own overrides. */
export function testIdentitySettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return {
    JWT_KEYS_SECRET: 'identity-test-secret-0123456789abcdefghij',
    ACCESS_TOKEN_TTL_SEC: 900,
    REFRESH_TOKEN_TTL_SEC: 3600,
    KEY_ROTATION_DAYS: 30,
    CAPTCHA_ECHO: true,
    LOGIN_MAX_FAILURES: 50,
    LOGIN_LOCK_SEC: 60,
    LOGIN_MAX_LOCK_SEC: 3600,
    LOGIN_MAX_FAILURES_PER_IP: 1000,
    LOGIN_FAILURES_PER_IP_PER_HOUR: 100_000,
    ...overrides,
  };
}

/** The commands identity sends, for a test that sends none of them but the ones it gives. */
export function testCommands(given: Partial<IdentityCommands> = {}): IdentityCommands {
  const unused = () => Promise.reject(new Error('this command is not used by this test'));
  return { checkCode: unused, redeemCode: unused, locateMember: unused, ...given };
}
