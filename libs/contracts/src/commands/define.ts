import type { z } from 'zod';

/** A request/reply command between services over NATS core (not JetStream). */
export interface CommandContract<TRequest extends z.ZodType = z.ZodType, TReply extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly version: number;
  readonly request: TRequest;
  readonly reply: TReply;
  /** Milliseconds a caller waits for the answer before giving up. */
  readonly timeoutMs: number;
  readonly description: string;
}

export type CommandRequest<T extends CommandContract> = z.infer<T['request']>;
export type CommandReply<T extends CommandContract> = z.infer<T['reply']>;

export function defineCommand<TRequest extends z.ZodType, TReply extends z.ZodType>(
  contract: CommandContract<TRequest, TReply>,
): CommandContract<TRequest, TReply> {
  return Object.freeze({ ...contract });
}
