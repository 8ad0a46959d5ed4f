// @ts-check
// ESLint rule `zhtj/service-boundaries`: code outside a service never imports that service's files
// (its src, its tests) by path. Each team owns and deploys one service; what other teams' tests,
// benchmarks and tools may use of it is what its `@zhtj/<service>/testing` entry exports
// (services/<service>/testing.ts), so the owning team sees — and can keep stable — everything
// that others build on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const servicesDir = path.join(repositoryRoot, 'services');

/** The service a path lies in (`services/<name>/…`), or null. */
export function serviceOf(file) {
  const relative = path.relative(servicesDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [name] = relative.split(path.sep);
  return name && name !== relative ? name : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const serviceBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'another service is reached through its @zhtj/<service>/testing entry, not by path' },
    schema: [],
    messages: {
      crossing:
        "'{{specifier}}' reaches into the {{service}} service's files: import it from '@zhtj/{{service}}/testing' (add what you need to services/{{service}}/testing.ts).",
      subpath: "'{{specifier}}' reaches into a service package's files: use its '@zhtj/{{service}}/testing' entry.",
    },
  },
  create(context) {
    const own = serviceOf(context.filename);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      const deep = /^@zhtj\/(identity|organization|membership|transfer|import|gateway|portal)\/(src|test|dist)\//.exec(specifier);
      if (deep && deep[1] !== own) {
        context.report({ node: source, messageId: 'subpath', data: { specifier, service: deep[1] } });
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = serviceOf(path.resolve(path.dirname(context.filename), specifier));
      if (target && target !== own) context.report({ node: source, messageId: 'crossing', data: { specifier, service: target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'service-boundaries': serviceBoundaries } };
