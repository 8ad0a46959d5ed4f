import { createEvent, orgCreatedV1, newId, type EventEnvelope } from '@zhtj/contracts';
import { Bus } from '../src/index.js';

export function orgCreated(name = 'Test org'): EventEnvelope {
  return createEvent(
    orgCreatedV1,
    { id: newId(), name, type: 'branch', parentId: null, ancestors: [], depth: 0, status: 'active', version: 1 },
    { source: 'test' },
  );
}

/** Waits until check() is true, polling; fails with the message after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, message: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${message}`);
}

/** How many messages a stream holds. */
export async function streamCount(bus: Bus, stream: string): Promise<number> {
  const info = await bus.manager.streams.info(bus.namespace.stream(stream));
  return info.state.messages;
}

export async function connectTestBus(natsUrl: string, namespace: string): Promise<Bus> {
  const bus = await Bus.connect({ url: natsUrl, name: 'bus-test', namespace });
  await bus.ensureStreams();
  return bus;
}
