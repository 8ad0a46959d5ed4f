import type { InfraUrls } from './isolation.js';

// What the global setup hands to test files through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    infra: InfraUrls & { runPrefix: string };
  }
}
