import { defineConfig } from 'vitest/config';

// One run over the whole repository: the servers are provisioned once (globalSetup) and every
// test file gets its own namespace on them (libs/testkit).
export default defineConfig({
  resolve: { conditions: ['development'] },
  ssr: { resolve: { conditions: ['development'], externalConditions: ['development'] } },
  test: {
    include: [
      'libs/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'test/contract/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'test/faults/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'deploy/test/**/*.test.ts',
      'scripts/test/**/*.test.ts',
    ],
    globalSetup: ['./libs/testkit/src/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Two cores: more workers only contend; integration tests mostly wait on servers anyway.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
