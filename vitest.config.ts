import { defineConfig } from 'vitest/config';

// One run over the whole repository, in two projects. `repo`: the servers are provisioned once
// (globalSetup) and every test file gets its own namespace on them (libs/testkit). `components`:
// the portal's forms rendered in jsdom with Testing Library — no servers, so
// `npx vitest run services/portal/test/components` starts none (a globalSetup at the root would
// run for every project).
export default defineConfig({
  resolve: { conditions: ['development'] },
  ssr: { resolve: { conditions: ['development'], externalConditions: ['development'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Two cores: more workers only contend; integration tests mostly wait on servers anyway.
    maxWorkers: 3,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'repo',
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
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['services/portal/test/components/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['./services/portal/test/components/setup.ts'],
          // A form filled key by key in jsdom over Ant Design's style sheets takes 8–13 s beside
          // the integration tests on two cores (one 其他 test measured 30.7 s in such a run): these
          // tests are about behaviour, so the bound is generous.
          testTimeout: 90_000,
        },
      },
    ],
  },
});
