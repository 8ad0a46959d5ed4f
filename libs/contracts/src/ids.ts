import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** New identifier for any entity or event: UUIDv7, so ids sort by creation time. */
export function newId(): string {
  return uuidv7();
}

const ZHTJ_NAMESPACE = '0f6b1f2e-3c1a-5d7e-9b8a-6c5d4e3f2a1b';

/**
 * The same id for the same parts, every time (UUIDv5): for an event that a handler may publish
 * again on redelivery, so JetStream's duplicate window (Nats-Msg-Id) drops the repeat.
 */
export function derivedId(...parts: string[]): string {
  return uuidv5(parts.join('\u0000'), ZHTJ_NAMESPACE);
}
