import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type JsMsg } from 'nats';
import { eventEnvelopeSchema, type EventContract, type EventData, type EventEnvelope, type StreamName } from '@zhtj/contracts';
import { jsonCodec, type Bus } from './bus.js';
import { upsertConsumer } from './consumer.js';
import { deadLetter } from './dead-letter.js';
import { DeliveryPolicy, inConsumerSpan } from './delivery-policy.js';
import { PermanentError } from './errors.js';
import { pullLoop } from './pull-loop.js';

export interface BatchConsumerOptions<T extends EventContract> {
  stream: StreamName;
  durable: string;
  contract: T;
  /** Must be idempotent: a batch may be delivered again, whole or in part. */
  handleBatch(events: Array<EventEnvelope<EventData<T>>>): Promise<void>;
  /** Most events per call. */
  maxBatch?: number;
  /** Longest wait for a batch to fill once its first event arrived. */
  maxWaitMs?: number;
  maxDeliver?: number;
  backoffMs?: readonly number[];
  /** Delays between tries of a batch while the store is down (as runConsumer's). */
  outageRetryMs?: readonly number[];
  ackWaitMs?: number;
}

export interface BatchConsumerRunner {
  stop(): Promise<void>;
}

/**
 * A durable consumer that hands events to its handler in batches (bulk writes instead of one
 * write per event). On success every message of the batch is acked. When a batch fails, its
 * messages are retried one by one, so one bad event is retried and dead-lettered on its own
 * while the others go through.
 *
 * @example
 * await runBatchConsumer(bus, { stream: 'MEMBER', durable: 'identity-accounts', contract: memberCreatedV1,
 *   handleBatch: (events) => accounts.createForMembers(events.map((e) => e.data)) });
 */
export async function runBatchConsumer<T extends EventContract>(
  bus: Bus,
  options: BatchConsumerOptions<T>,
): Promise<BatchConsumerRunner> {
  const maxBatch = options.maxBatch ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 100;
  const policy = new DeliveryPolicy(options);
  let stopping = false;
  const streamName = bus.namespace.stream(options.stream);
  const config: Partial<ConsumerConfig> = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    max_deliver: policy.serverMaxDeliver,
    ack_wait: nanos(options.ackWaitMs ?? 60_000),
    max_ack_pending: maxBatch * 4,
    deliver_policy: DeliverPolicy.All,
    filter_subject: bus.namespace.subject(options.contract.subject),
  };
  await upsertConsumer(bus, streamName, config);

  const decode = async (msg: JsMsg): Promise<EventEnvelope<EventData<T>> | undefined> => {
    try {
      const envelope = eventEnvelopeSchema.parse(jsonCodec.decode(msg.data));
      if (envelope.version !== options.contract.version) throw new PermanentError(`no handler for version ${envelope.version}`);
      return { ...envelope, data: options.contract.schema.parse(envelope.data) as EventData<T> };
    } catch (error) {
      bus.logger.error({ err: error, durable: options.durable, seq: msg.seq }, 'unreadable message, dead-lettering');
      await deadLetter(bus, msg, options, `unreadable: ${(error as Error).message}`);
      msg.term();
      return undefined;
    }
  };

  const span = `${options.contract.subject} process`;
  const handleOne = async (msg: JsMsg, event: EventEnvelope<EventData<T>>) => {
    try {
      await inConsumerSpan(span, [msg], () => options.handleBatch([event]));
      msg.ack();
    } catch (error) {
      await policy.settleFailure(bus, msg, options, error, { durable: options.durable, seq: msg.seq, eventId: event.id });
    }
  };

  const processBatch = async (batch: JsMsg[]) => {
    const readable: Array<{ msg: JsMsg; event: EventEnvelope<EventData<T>> }> = [];
    for (const msg of batch) {
      if (policy.exhausted(msg.info.redeliveryCount)) {
        await deadLetter(bus, msg, options, 'no ack within ack_wait on the last delivery');
        msg.term();
        continue;
      }
      const event = await decode(msg);
      if (event) readable.push({ msg, event });
    }
    if (readable.length === 0) return;
    try {
      // While the store is down the batch is held (in-progress acks) and tried again in place.
      await inConsumerSpan(
        span,
        readable.map((r) => r.msg),
        () =>
          policy.holdThroughOutage(() => options.handleBatch(readable.map((r) => r.event)), {
            canHold: () => !stopping,
            keepAlive: () => readable.forEach(({ msg }) => msg.working()),
            onWait: (tries, delay) => {
              if (tries % 10 === 0)
                bus.logger.warn(
                  { durable: options.durable, dependency: 'mongo', retryInMs: delay },
                  'dependency down, retrying the batch in place',
                );
            },
          }),
      );
      for (const { msg } of readable) msg.ack();
    } catch (error) {
      bus.logger.warn(
        { err: error, durable: options.durable, size: readable.length },
        'batch failed; retrying its events one by one',
      );
      for (const { msg, event } of readable) await handleOne(msg, event);
    }
  };

  let buffer: JsMsg[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    if (batch.length > 0)
      chain = chain.then(() => processBatch(batch)).catch((error: unknown) => bus.logger.error({ err: error }, 'batch crashed'));
    return chain;
  };
  const pulling = await pullLoop(bus, streamName, config, {
    maxMessages: maxBatch * 2,
    ensure: () => upsertConsumer(bus, streamName, config),
    async each(msg) {
      buffer.push(msg);
      if (buffer.length >= maxBatch) await flush();
      else timer ??= setTimeout(() => void flush(), maxWaitMs);
    },
  });

  return {
    async stop() {
      stopping = true;
      await pulling.close();
      await flush();
      if (!bus.connection.isClosed()) await bus.connection.flush();
    },
  };
}
