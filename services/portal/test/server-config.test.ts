import { describe, expect, it } from 'vitest';
import { loadPortalConfig, PortalConfigError } from '../server/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadPortalConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(PortalConfigError);
    return (error as PortalConfigError).problems.map((p) => p.variable);
  }
  return [];
}

describe("the portal server's configuration", () => {
  it('listens on loopback port 8087 in development by default', () => {
    expect(loadPortalConfig({})).toEqual({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 8087, PORTAL_DIST: undefined });
  });

  it('takes what a container sets, and counts an empty value as unset', () => {
    expect(loadPortalConfig({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '9000', PORTAL_DIST: '/srv/pages' })).toEqual({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 9000,
      PORTAL_DIST: '/srv/pages',
    });
    expect(loadPortalConfig({ HOST: '', PORT: '', PORTAL_DIST: '' })).toMatchObject({ HOST: '127.0.0.1', PORT: 8087 });
  });

  it('ignores variables it does not read, as the services do (the e2e stack passes them all the same environment)', () => {
    expect(loadPortalConfig({ MONGO_URL: 'mongodb://x', PORT: '8087' }).PORT).toBe(8087);
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ PORT: '0', NODE_ENV: 'prod' }).sort()).toEqual(['NODE_ENV', 'PORT']);
    for (const port of ['65536', '80a', '8.5', '-1', 'http']) expect(problemsOf({ PORT: port }), port).toEqual(['PORT']);
  });
});
