// Types for service-boundaries.js, which stays JavaScript so that eslint.config.js loads it as is.
import type { ESLint, Rule } from 'eslint';

export declare const serviceBoundaries: Rule.RuleModule;
/** The service a path lies in (`services/<name>/…`), or null. */
export declare function serviceOf(file: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
