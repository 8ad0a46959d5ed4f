import { createEvent, orgCreatedV1, newId, type EventEnvelope } from '@zhtj/contracts';
import { Bus } from '@zhtj/bus';

export function orgCreated(name = 'Test org'): EventEnvelope {
  return createEvent(
    orgCreatedV1,
    { id: newId(), name, type: 'branch', parentId: null, ancestors: [], depth: 0, status: 'active', version: 1 },
    { source: 'test' },
  );
}

/** How many messages a stream holds. */
export async function streamCount(bus: Bus, stream: string): Promise<number> {
  const info = await bus.manager.streams.info(bus.namespace.stream(stream));
  return info.state.messages;
}

export async function connectTestBus(natsUrl: string, namespace: string): Promise<Bus> {
  const bus = await Bus.connect({ url: natsUrl, name: 'store-test', namespace });
  await bus.ensureStreams();
  return bus;
}
