// Types for declared-dependencies.js, which stays JavaScript so that eslint.config.js loads it as is.
import type { ESLint, Rule } from 'eslint';

export declare const declaredDependencies: Rule.RuleModule;
/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; null for paths, builtins and virtual modules. */
export declare function packageOf(specifier: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
