import path from 'node:path';
import { runConsumer, subscribe, type Bus, type ConsumerRunner } from '@zhtj/bus';
import type { EventContract, StreamName } from '@zhtj/contracts';
import { recordedExamples } from '../recorded-examples.js';

const events = recordedExamples(path.join(import.meta.dirname, 'examples'));

/** Where the recorded example of a subject (an event, or a command's request) lives. */
export const examplePath = events.file;
export const readExample = events.read;
/**
 * What a producer published, against the recorded example: the same fields with the same kinds
 * of value. `UPDATE_CONTRACT_EXAMPLES=1` re-records the example from the producer instead.
 */
export const producedShape = events.producedShape;

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
