// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import declaredDependencies from './scripts/eslint/declared-dependencies.js';
import serviceBoundaries from './scripts/eslint/service-boundaries.js';

const zhtj = { rules: { ...declaredDependencies.rules, ...serviceBoundaries.rules } };

export default tseslint.config(
  { ignores: ['**/dist/**', '**/dist-server/**', '**/node_modules/**', '.data/**', '**/.turbo/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { zhtj },
    rules: {
      // What a file imports, its workspace declares (scripts/eslint/declared-dependencies.js).
      'zhtj/declared-dependencies': 'error',
      // Another service is reached through its @zhtj/<service>/testing entry (scripts/eslint/service-boundaries.js).
      'zhtj/service-boundaries': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Services talk to NATS only through libs/bus, so the client can be replaced in one place.
      'no-restricted-imports': ['error', { paths: [{ name: 'nats', message: 'Use @zhtj/bus instead of the nats client.' }] }],
    },
  },
  {
    files: ['libs/bus/**', 'libs/testkit/**', 'scripts/**', 'bench/**', '**/test/**'],
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' },
  },
);
