import { context, SpanKind, trace } from '@opentelemetry/api';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, type Subscription as NatsSubscription } from 'nats';
import type { CommandContract, CommandReply, CommandRequest } from '@zhtj/contracts';
import { jsonCodec, type Bus } from './bus.js';
import { CommandFailedError, CommandUnavailableError } from './errors.js';
import { contextFromHeaders, headersWithTrace } from './trace-headers.js';

const tracer = trace.getTracer('@zhtj/bus');

/**
 * Asks the service that serves a command and waits for its answer, validated against the
 * contract.
 *
 * @example
 * const answer = await request(bus, registrationCodeRedeemV1, { orgId, code, accountId });
 */
export async function request<T extends CommandContract>(
  bus: Bus,
  command: T,
  payload: CommandRequest<T>,
  options: { timeoutMs?: number } = {},
): Promise<CommandReply<T>> {
  const body = command.request.parse(payload);
  const subject = bus.namespace.subject(command.subject);
  try {
    const reply = await bus.connection.request(subject, jsonCodec.encode(body), {
      timeout: options.timeoutMs ?? command.timeoutMs,
      headers: headersWithTrace(),
    });
    const failure = reply.headers?.get('Zhtj-Error');
    if (failure) throw new CommandFailedError(`${command.subject}: ${failure}`);
    return command.reply.parse(jsonCodec.decode(reply.data)) as CommandReply<T>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === NatsErrorCode.NoResponders) throw new CommandUnavailableError(command.subject, 'no_responders');
    if (code === NatsErrorCode.Timeout) throw new CommandUnavailableError(command.subject, 'timeout');
    throw error;
  }
}

export interface CommandServer {
  stop(): Promise<void>;
}

/**
 * Answers a command. Replicas share the work through a queue group named after the subject.
 * A request that does not match the contract gets an error reply, not silence.
 */
export function serve<T extends CommandContract>(
  bus: Bus,
  command: T,
  handle: (request: CommandRequest<T>) => Promise<CommandReply<T>>,
): CommandServer {
  const subject = bus.namespace.subject(command.subject);
  const inFlight = new Set<Promise<void>>();
  const sub: NatsSubscription = bus.connection.subscribe(subject, {
    queue: subject,
    callback: (err, msg) => {
      if (err) {
        bus.logger.error({ err, subject }, 'command subscription failed');
        return;
      }
      const span = tracer.startSpan(`${command.subject} serve`, { kind: SpanKind.SERVER }, contextFromHeaders(msg.headers));
      const work = context
        .with(trace.setSpan(context.active(), span), async () => {
          const parsed = command.request.safeParse(jsonCodec.decode(msg.data));
          if (!parsed.success) throw new CommandFailedError(`invalid request: ${parsed.error.issues[0]?.message ?? ''}`);
          const reply = command.reply.parse(await handle(parsed.data as CommandRequest<T>));
          msg.respond(jsonCodec.encode(reply));
        })
        .catch((error: unknown) => {
          bus.logger.error({ err: error, subject: command.subject }, 'command handler failed');
          const h = natsHeaders();
          h.set('Zhtj-Error', ((error as Error).message ?? 'error').slice(0, 500).replace(/[\r\n]+/g, ' '));
          msg.respond(jsonCodec.encode({}), { headers: h });
        })
        .finally(() => {
          span.end();
          inFlight.delete(work);
        });
      inFlight.add(work);
    },
  });
  return {
    async stop() {
      await sub.drain();
      await Promise.allSettled([...inFlight]);
    },
  };
}
