import { v7 as uuidv7 } from 'uuid';

/** New identifier for any entity or event: UUIDv7, so ids sort by creation time. */
export function newId(): string {
  return uuidv7();
}
