import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backendConfigSchema, ConfigError, loadConfig } from '../src/index.js';

const schema = backendConfigSchema({ port: 8083, database: 'zhtj_membership' }).extend({
  FEATURE_LIMIT: z.coerce.number().int().positive(),
});
const good = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  NATS_URL: 'nats://127.0.0.1:4222',
  REDIS_URL: 'redis://127.0.0.1:6379',
  FEATURE_LIMIT: '5',
};

describe('loadConfig', () => {
  it('applies the service defaults and coerces numbers', () => {
    const config = loadConfig(schema, good);
    expect(config.PORT).toBe(8083);
    expect(config.MONGO_DB).toBe('zhtj_membership');
    expect(config.FEATURE_LIMIT).toBe(5);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it('names each missing or malformed variable in one error', () => {
    const attempt = () => loadConfig(schema, { ...good, MONGO_URL: undefined, NATS_URL: 'http://nats', PORT: '99999' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(problems).toEqual(['MONGO_URL', 'NATS_URL', 'PORT']);
      expect((error as Error).message).toMatch(/MONGO_URL: is required but not set/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(() => loadConfig(schema, { ...good, REDIS_URL: '' })).toThrow(/REDIS_URL: is required/);
    expect(loadConfig(schema, { ...good, PORT: '' }).PORT).toBe(8083);
  });
});
