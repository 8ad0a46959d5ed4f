import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import type { EventContract, StreamName } from '@zhtj/contracts';

/** Where the recorded example of a subject (an event, or a command's request) lives. */
export const examplePath = (subject: string) => path.join(import.meta.dirname, 'examples', `${subject}.json`);

export async function readExample(subject: string): Promise<unknown> {
  return JSON.parse(await readFile(examplePath(subject), 'utf8'));
}

/** A payload's shape: each field and the kind of its value, in name order. */
export const kinds = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]),
  );

/**
 * What a producer published, against the recorded example: the same fields with the same kinds
 * of value. `UPDATE_CONTRACT_EXAMPLES=1` re-records the example from the producer instead.
 */
export async function producedShape(subject: string, produced: unknown): Promise<{ produced: object; example: object }> {
  if (process.env.UPDATE_CONTRACT_EXAMPLES) await writeFile(examplePath(subject), `${JSON.stringify(produced, null, 2)}\n`);
  return { produced: kinds(produced), example: kinds(await readExample(subject)) };
}

/** Records the first payload of each contract published on a stream, for comparing with its example. */
export async function watchFirstOfEach(
  bus: Bus,
  consumer: { stream: StreamName; durable: string },
  contracts: readonly EventContract[],
): Promise<{ seen: Map<string, unknown>; runner: ConsumerRunner }> {
  const seen = new Map<string, unknown>();
  const runner = await runConsumer(bus, {
    ...consumer,
    subscriptions: contracts.map((contract) =>
      subscribe(contract, async (data) => void (seen.has(contract.subject) || seen.set(contract.subject, data))),
    ),
  });
  return { seen, runner };
}
