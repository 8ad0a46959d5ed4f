import { z } from 'zod';

/**
 * The one shape every event on the bus has. `data` is validated separately against the
 * payload schema of the event's contract, so a consumer can check the envelope first and
 * dead-letter a message whose payload it cannot read.
 */
export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'type is <context>.<event>'),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  source: z.string().min(1),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & {
  data: TData;
};
