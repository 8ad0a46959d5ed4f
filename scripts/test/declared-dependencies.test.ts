import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import zhtj from '../eslint/declared-dependencies.js';

// The lint rule run as the repository's config runs it, on files placed (by name only) in real
// workspaces, so that it reads their real package.json files.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const linter = new Linter({ cwd: root });
const config = [
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'module' as const, ecmaVersion: 'latest' as const },
    plugins: { zhtj },
    rules: { 'zhtj/declared-dependencies': 'error' as const },
  },
];
const problems = (file: string, code: string) =>
  linter.verify(code, config, { filename: path.join(root, file) }).map((m) => m.message);

describe('the declared-dependencies lint rule', () => {
  it('fails on a package the workspace does not declare, naming it and the package.json', () => {
    expect(problems('services/membership/src/planted.js', "import leftPad from 'left-pad';")).toEqual([
      "'left-pad' is imported but not declared in services/membership/package.json: add it there (npm install -w @zhtj/membership left-pad).",
    ]);
    // Also a subpath, a re-export and a dynamic import.
    expect(problems('services/organization/src/planted.js', "import Redis from 'ioredis/built/Redis';")).toHaveLength(1);
    expect(problems('services/organization/src/planted.js', "export { a } from '@scope/undeclared/sub';")[0]).toContain(
      "'@scope/undeclared'",
    );
    expect(problems('services/organization/src/planted.js', "await import('autocannon');")).toHaveLength(1);
  });

  it('passes what is declared, Node’s own modules, relative paths and the repository’s tools', () => {
    const code = [
      "import mongoose from 'mongoose';", // services/membership declares it
      "import { contracts } from '@zhtj/contracts/member-fields';",
      "import fs from 'node:fs';",
      "import path from 'path';",
      "import { x } from './x.js';",
      "import { it } from 'vitest';", // the root's devDependencies: tools every workspace uses
    ].join('\n');
    expect(problems('services/membership/test/planted.js', code)).toEqual([]);
  });

  it('judges a file by the workspace it is in, not by who else declares the package', () => {
    // bench declares autocannon; the gateway does not.
    expect(problems('bench/src/planted.js', "import autocannon from 'autocannon';")).toEqual([]);
    expect(problems('services/gateway/src/planted.js', "import autocannon from 'autocannon';")).toHaveLength(1);
  });
});
