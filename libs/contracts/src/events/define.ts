import type { z } from 'zod';
import type { StreamName } from '../streams.js';

/** A published fact: its wire subject, payload version, stream and payload schema. */
export interface EventContract<TSchema extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly version: number;
  readonly stream: StreamName;
  readonly schema: TSchema;
  readonly description: string;
}

export type EventData<T extends EventContract> = z.infer<T['schema']>;

/**
 * Declares an event. The subject is written out literally (never derived from a name), so a
 * rename in code can never silently change what goes on the wire.
 *
 * @example
 * export const orgCreatedV1 = defineEvent({
 *   subject: 'org.created', version: 1, stream: 'ORG', schema: orgSnapshot,
 *   description: 'an organisation was created',
 * });
 */
export function defineEvent<TSchema extends z.ZodType>(contract: EventContract<TSchema>): EventContract<TSchema> {
  return Object.freeze({ ...contract });
}
