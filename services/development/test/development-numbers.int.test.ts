import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@zhtj/contracts';
import { removeNamespace } from '@zhtj/testkit';
import { testInfra } from '@zhtj/testkit/test-infra';
import { parseDevelopmentNumber } from '../src/domain/development-number.js';

const infra = testInfra();
afterAll(() => removeNamespace(infra, infra.namespace));
const allocate = fileURLToPath(new URL('./fixtures/allocate.ts', import.meta.url));

/** Runs one allocating process: `connections` allocators sharing the list of years. */
function allocatingProcess(database: string, connections: number, years: number[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(allocate, [infra.mongoUrl, database, String(connections), ...years.map(String)], {
      execArgv: ['--conditions=development', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.once('exit', (code) =>
      code === 0 ? resolve(out.split('\n').filter(Boolean)) : reject(new Error(`allocator exited ${code}`)),
    );
  });
}

describe('发展团员编号 allocation', () => {
  it('never gives a number twice, nor skips one, when two processes allocate at once (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
        fc.array(fc.constantFrom(2025, 2026), { minLength: 10, maxLength: 40 }),
        fc.array(fc.constantFrom(2025, 2026), { minLength: 10, maxLength: 40 }),
        async ([connectionsA, connectionsB], yearsA, yearsB) => {
          const database = infra.dbName(`development_${newId().slice(-8)}`);
          const [a, b] = await Promise.all([
            allocatingProcess(database, connectionsA, yearsA),
            allocatingProcess(database, connectionsB, yearsB),
          ]);
          const all = [...a, ...b];
          expect(new Set(all).size).toBe(all.length);
          for (const year of [2025, 2026]) {
            const asked = [...yearsA, ...yearsB].filter((y) => y === year).length;
            const sequences = all
              .map(parseDevelopmentNumber)
              .filter((n) => n?.year === year)
              .map((n) => n!.sequence)
              .sort((x, y) => x - y);
            expect(sequences).toEqual(Array.from({ length: asked }, (_, i) => i + 1));
          }
        },
      ),
      { numRuns: 3 },
    );
  }, 180_000);
});
