// @ts-check
// ESLint rule `zhtj/declared-dependencies`: a package imported by a file must be declared in the
// package.json of the workspace the file belongs to (dependencies, devDependencies, peer or
// optional), or be the repository's tooling (the root package.json's devDependencies: vitest,
// typescript, eslint…). npm hoists every workspace's dependencies into one node_modules, so an
// undeclared import works here and breaks in an image built from `turbo prune`, which installs
// only what the service declares.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const builtins = new Set(builtinModules);
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository's tools, shared by every workspace: the root package.json's devDependencies. */
const tooling = new Set(
  Object.keys(JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')).devDependencies ?? {}),
);
/** @type {Map<string, { name: string; file: string; declared: Set<string> } | null>} */
const manifests = new Map();

/** The package.json nearest above `dir` (cached per directory). */
function manifestOf(dir) {
  if (manifests.has(dir)) return manifests.get(dir) ?? null;
  const file = path.join(dir, 'package.json');
  let found = null;
  if (existsSync(file)) {
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const declared = new Set([
      pkg.name,
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.devDependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]);
    found = { name: pkg.name, file, declared };
  } else if (path.dirname(dir) !== dir) {
    found = manifestOf(path.dirname(dir));
  }
  manifests.set(dir, found);
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; null for paths, builtins and virtual modules. */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (specifier.startsWith('virtual:') || specifier.startsWith('\0')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!name || builtins.has(name)) return null;
  return name;
}

/** @type {import('eslint').Rule.RuleModule} */
export const declaredDependencies = {
  meta: {
    type: 'problem',
    docs: { description: 'an imported package is declared in the importing workspace’s package.json' },
    schema: [],
    messages: {
      undeclared:
        "'{{name}}' is imported but not declared in {{manifest}}: add it there (npm install -w {{workspace}} {{name}}).",
    },
  },
  create(context) {
    const own = manifestOf(path.dirname(context.filename));
    if (!own) return {};
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const name = packageOf(source.value);
      if (!name || own.declared.has(name) || tooling.has(name)) return;
      context.report({
        node: source,
        messageId: 'undeclared',
        data: { name, manifest: path.relative(repositoryRoot, own.file), workspace: own.name },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'declared-dependencies': declaredDependencies } };
