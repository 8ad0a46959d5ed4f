import { inject } from 'vitest';
import { isolate, uniqueNamespace, type Isolated } from './isolation.js';
import './provided-context.js';

/**
 * The servers of this test run, with a namespace of this test file's own.
 *
 * @example
 * const infra = testInfra();
 * const bus = await Bus.connect({ url: infra.natsUrl, name: 'test', namespace: infra.namespace });
 */
export function testInfra(): Isolated {
  const { runPrefix, ...urls } = inject('infra');
  return isolate(urls, uniqueNamespace(runPrefix));
}
