import { describe, expect, it } from 'vitest';
import { loadConfig } from '@zhtj/service-kit';
import { configSchema } from '../src/config.js';

const env = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  NATS_URL: 'nats://127.0.0.1:4222',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_KEYS_SECRET: 's'.repeat(40),
};

describe('identity configuration', () => {
  it('refuses CAPTCHA_ECHO in production, naming it', () => {
    expect(() => loadConfig(configSchema, { ...env, NODE_ENV: 'production', CAPTCHA_ECHO: 'true' })).toThrow(
      /CAPTCHA_ECHO: must not be true/,
    );
    expect(loadConfig(configSchema, { ...env, NODE_ENV: 'production' }).CAPTCHA_ECHO).toBe(false);
    expect(loadConfig(configSchema, { ...env, NODE_ENV: 'development', CAPTCHA_ECHO: 'true' }).CAPTCHA_ECHO).toBe(true);
  });

  it('needs a signing-key secret of 32 characters or more', () => {
    expect(() => loadConfig(configSchema, { ...env, JWT_KEYS_SECRET: 'short' })).toThrow(/JWT_KEYS_SECRET/);
    expect(() => loadConfig(configSchema, { ...env, JWT_KEYS_SECRET: undefined })).toThrow(/JWT_KEYS_SECRET: is required/);
  });
});
