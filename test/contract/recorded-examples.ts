import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A payload's shape: each field and the kind of its value, in name order. */
export const kinds = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]),
  );

/**
 * Recorded example payloads in one folder, one JSON file per name: what a consumer test replays
 * and a producer test compares its real output with. `UPDATE_CONTRACT_EXAMPLES=1` re-records
 * them from the producers instead.
 */
export function recordedExamples(dir: string) {
  const file = (name: string) => path.join(dir, `${name}.json`);
  const read = async (name: string): Promise<unknown> => JSON.parse(await readFile(file(name), 'utf8'));
  return {
    file,
    read,
    /** What a producer produced, against the recorded example: the same fields with the same kinds of value. */
    async producedShape(name: string, produced: unknown): Promise<{ produced: object; example: object }> {
      if (process.env.UPDATE_CONTRACT_EXAMPLES) await writeFile(file(name), `${JSON.stringify(produced, null, 2)}\n`);
      return { produced: kinds(produced), example: kinds(await read(name)) };
    },
  };
}
