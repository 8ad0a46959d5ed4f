import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import zhtj, { serviceOf } from '../eslint/service-boundaries.js';

// The rule as the repository's config runs it, on files placed (by name only) where they would be.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const linter = new Linter({ cwd: root });
const config = [
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'module' as const, ecmaVersion: 'latest' as const },
    plugins: { zhtj },
    rules: { 'zhtj/service-boundaries': 'error' as const },
  },
];
const problems = (file: string, code: string) =>
  linter.verify(code, config, { filename: path.join(root, file) }).map((m) => m.message);

describe('the service-boundaries lint rule', () => {
  it("fails on a path into another service's src or tests, from a service, a test suite or a benchmark", () => {
    expect(problems('services/transfer/test/planted.js', "import { x } from '../../membership/src/compose.js';")).toEqual([
      "'../../membership/src/compose.js' reaches into the membership service's files: import it from '@zhtj/membership/testing' (add what you need to services/membership/testing.ts).",
    ]);
    expect(problems('bench/src/planted.js', "import { h } from '../../services/transfer/test/harness.js';")).toHaveLength(1);
    expect(
      problems('test/contract/events/planted.js', "export { a } from '../../../services/identity/src/app.js';"),
    ).toHaveLength(1);
    expect(problems('deploy/test/planted.js', "await import('../../services/portal/server/config.js');")).toHaveLength(1);
    expect(problems('bench/src/planted.js', "import { x } from '@zhtj/import/src/compose.js';")[0]).toContain(
      '@zhtj/import/testing',
    );
  });

  it('passes a service’s own files, the testing entries, and the libraries', () => {
    const code = [
      "import { a } from '../src/app.js';", // the service's own test
      "import { b } from '@zhtj/membership/testing';",
      "import { c } from '../../../libs/contracts/src/index.js';",
      "import { d } from '@zhtj/contracts';",
    ].join('\n');
    expect(problems('services/transfer/test/planted.js', code)).toEqual([]);
    expect(problems('services/transfer/testing.js', "export { e } from './test/harness.js';")).toEqual([]);
  });

  it('knows which service a path is in', () => {
    expect(serviceOf(path.join(root, 'services/import/src/worker.ts'))).toBe('import');
    expect(serviceOf(path.join(root, 'services'))).toBeNull();
    expect(serviceOf(path.join(root, 'libs/bus/src/index.ts'))).toBeNull();
  });
});
