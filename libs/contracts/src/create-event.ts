import type { EventEnvelope } from './envelope.js';
import type { EventContract, EventData } from './events/define.js';
import { newId } from './ids.js';

/**
 * Builds the envelope for a new event, validating its payload against the contract so a bad
 * event fails where it is made, not in some consumer later.
 */
export function createEvent<T extends EventContract>(
  contract: T,
  data: EventData<T>,
  options: { source: string; id?: string; occurredAt?: Date },
): EventEnvelope<EventData<T>> {
  return {
    id: options.id ?? newId(),
    type: contract.subject,
    version: contract.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: options.source,
    data: contract.schema.parse(data) as EventData<T>,
  };
}
