import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type JsMsg } from 'nats';
import { eventEnvelopeSchema, type EventContract, type EventData, type EventEnvelope, type StreamName } from '@zhtj/contracts';
import { isNotFound, jsonCodec, type Bus } from './bus.js';
import { deadLetter } from './dead-letter.js';
import { DeliveryPolicy, inConsumerSpan } from './delivery-policy.js';
import { PermanentError } from './errors.js';
import { pullLoop } from './pull-loop.js';

export interface MessageContext {
  /** 1 on the first delivery. */
  deliveryCount: number;
  streamSequence: number;
  /** Tells the server the handler is still working, so the message is not redelivered yet. */
  inProgress(): void;
}

export interface Subscription<T extends EventContract = EventContract> {
  contract: T;
  handle(data: EventData<T>, event: EventEnvelope<EventData<T>>, ctx: MessageContext): Promise<void>;
}

/** Pairs a contract with its handler, keeping the payload type. */
export function subscribe<T extends EventContract>(contract: T, handle: Subscription<T>['handle']): Subscription {
  return { contract, handle } as unknown as Subscription;
}

export interface ConsumerOptions {
  stream: StreamName;
  /** Durable consumer name; replicas of one service share it and so share the work. */
  durable: string;
  subscriptions: readonly Subscription[];
  /** Handler attempts before the message is dead-lettered. */
  maxDeliver?: number;
  /** Delay before each retry; the last value repeats. */
  backoffMs?: readonly number[];
  /**
   * While the store's server is unreachable (storeUnreachable), the handler
   * is tried again in place after these delays (the last repeats), keeping its message, rather
   * than spending one of its `maxDeliver` deliveries on the outage. Needs the heartbeat.
   */
  outageRetryMs?: readonly number[];
  /**
   * How long the server waits for an ack before redelivering: also how long a message handed to
   * a process that was then killed waits before another replica gets it. A handler that runs
   * longer keeps its message with in-progress acks (every ackWait/3), so this can stay short.
   */
  ackWaitMs?: number;
  /** Messages handled at once by this process. Keep 1 where order matters (projections), or give `orderKey`. */
  concurrency?: number;
  /**
   * What must stay in order (e.g. the member an event is about): messages of one key are handled
   * one after another in delivery order, messages of different keys at once, up to
   * `concurrency`. Read from the raw payload before validation; undefined orders nothing.
   * As without it, a message retried after a failure comes back after those behind it.
   */
  orderKey?: (data: Record<string, unknown>, type: string) => string | undefined;
  /** Wait for the server to confirm each ack, for handlers whose effect must not repeat. */
  doubleAck?: boolean;
  /** In-progress acks every ackWait/3 while a handler runs; on unless turned off. */
  heartbeat?: boolean;
  /** Where a fresh durable starts; 'all' lets a projection catch up from the beginning. */
  deliverFrom?: 'all' | 'new';
  /**
   * Drop the durable's position and start again from the stream's first message: for a
   * projection whose store was emptied (a fresh database) while its durable lived on.
   */
  replayFromStart?: boolean;
}

export interface ConsumerRunner {
  /** Stops taking messages and waits for the ones in hand to finish. */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Runs a durable pull consumer: explicit acks, bounded redelivery with backoff, a dead-letter
 * record after the last try, a concurrency limit and a clean stop.
 *
 * @example
 * const runner = await runConsumer(bus, {
 *   stream: 'TRANSFER', durable: 'membership-transfers',
 *   subscriptions: [subscribe(transferApprovedV1, moveMemberOnApproval)],
 * });
 * // on shutdown
 * await runner.stop();
 */
export async function runConsumer(bus: Bus, options: ConsumerOptions): Promise<ConsumerRunner> {
  const policy = new DeliveryPolicy(options);
  const ackWaitMs = options.ackWaitMs ?? 10_000;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const streamName = bus.namespace.stream(options.stream);
  const bySubject = new Map<string, Subscription>();
  for (const s of options.subscriptions) {
    if (s.contract.stream !== options.stream) {
      throw new Error(`${s.contract.subject} is on stream ${s.contract.stream}, not ${options.stream}`);
    }
    bySubject.set(`${s.contract.subject}@${s.contract.version}`, s);
  }

  const subjects = [...new Set(options.subscriptions.map((s) => bus.namespace.subject(s.contract.subject)))];
  // Servers before 2.10 filter a consumer on one subject only. One consumer handed the whole
  // stream, passing over what it did not ask for, makes every event wait behind all the others
  // before it — a transfer's member.branch_changed behind an import's 10,000 member.created — so
  // there each subject gets a durable of its own.
  if (subjects.length > 1 && !bus.serverAtLeast(2, 10)) return runPerSubject(bus, options);

  const config: Partial<ConsumerConfig> = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    max_deliver: policy.serverMaxDeliver,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: Math.max(concurrency * 4, 64),
    deliver_policy: options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
  };
  if (subjects.length === 1) config.filter_subject = subjects[0]!;
  else config.filter_subjects = subjects;
  if (options.replayFromStart) await deleteConsumer(bus, streamName, options.durable);
  await upsertConsumer(bus, streamName, config);

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let freeSlots = concurrency;
  const slotWaiters: Array<() => void> = [];
  const takeSlot = async () => {
    while (freeSlots === 0) await new Promise<void>((resolve) => slotWaiters.push(resolve));
    freeSlots -= 1;
  };
  const giveSlot = () => {
    freeSlots += 1;
    slotWaiters.shift()?.();
  };

  const handleMessage = async (msg: JsMsg): Promise<void> => {
    const deliveryCount = msg.info.redeliveryCount;
    const log = { stream: options.stream, durable: options.durable, seq: msg.seq, deliveryCount };
    if (policy.exhausted(deliveryCount)) {
      await deadLetter(bus, msg, options, 'no ack within ack_wait on the last delivery');
      msg.term();
      return;
    }
    let envelope: EventEnvelope;
    let subscription: Subscription | undefined;
    try {
      envelope = eventEnvelopeSchema.parse(jsonCodec.decode(msg.data)) as EventEnvelope;
      subscription = bySubject.get(`${envelope.type}@${envelope.version}`);
      if (!subscription) throw new PermanentError(`no handler for ${envelope.type} v${envelope.version}`);
      envelope = { ...envelope, data: subscription.contract.schema.parse(envelope.data) };
    } catch (error) {
      bus.logger.error({ ...log, err: error }, 'unreadable message, dead-lettering');
      await deadLetter(bus, msg, options, `unreadable: ${(error as Error).message}`);
      msg.term();
      return;
    }

    let heartbeat: NodeJS.Timeout | undefined;
    if (options.heartbeat !== false) heartbeat = setInterval(() => msg.working(), Math.max(1000, ackWaitMs / 3));
    const ctx: MessageContext = { deliveryCount, streamSequence: msg.seq, inProgress: () => msg.working() };
    try {
      await inConsumerSpan(`${envelope.type} process`, [msg], () =>
        // Held in place through an outage of the store; the heartbeat keeps the message ours.
        policy.holdThroughOutage(() => subscription.handle(envelope.data, envelope, ctx), {
          canHold: () => !stopping && options.heartbeat !== false,
          onWait: (tries, delay) => {
            if (tries % 10 === 0)
              bus.logger.warn(
                { ...log, eventId: envelope.id, dependency: 'mongo', retryInMs: delay },
                'dependency down, retrying in place',
              );
          },
        }),
      );
      if (options.doubleAck) await msg.ackAck();
      else msg.ack();
    } catch (error) {
      await policy.settleFailure(bus, msg, options, error, { ...log, eventId: envelope.id });
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
  };

  // The last message taken of each key still in hand: the next of that key waits for it.
  const lastOfKey = new Map<string, Promise<void>>();
  const keyOf = (msg: JsMsg): string | undefined => {
    if (!options.orderKey) return undefined;
    try {
      const raw = jsonCodec.decode(msg.data) as { type?: unknown; data?: unknown };
      if (typeof raw.type !== 'string' || !raw.data || typeof raw.data !== 'object') return undefined;
      return options.orderKey(raw.data as Record<string, unknown>, raw.type);
    } catch {
      return undefined; // unreadable: handleMessage dead-letters it
    }
  };
  const afterItsKey = (msg: JsMsg, before: Promise<void> | undefined): Promise<void> => {
    if (!before) return handleMessage(msg);
    // Waiting its turn counts as work in hand: the server must not hand it to another replica.
    const waiting = setInterval(() => msg.working(), Math.max(1000, ackWaitMs / 3));
    return before.then(() => {
      clearInterval(waiting);
      return handleMessage(msg);
    });
  };

  const pulling = await pullLoop(bus, streamName, config, {
    maxMessages: concurrency * 2,
    ensure: () => upsertConsumer(bus, streamName, config),
    async each(msg) {
      if (stopping) {
        // Buffered but not started: hand it back now rather than after ack_wait.
        msg.nak();
        return;
      }
      await takeSlot();
      const key = keyOf(msg);
      const p: Promise<void> = afterItsKey(msg, key === undefined ? undefined : lastOfKey.get(key))
        .catch((error: unknown) => bus.logger.error({ err: error, durable: options.durable }, 'message handling crashed'))
        .finally(() => {
          inFlight.delete(p);
          if (key !== undefined && lastOfKey.get(key) === p) lastOfKey.delete(key);
          giveSlot();
        });
      if (key !== undefined) lastOfKey.set(key, p);
      inFlight.add(p);
    },
  });
  const done = pulling.done;

  return {
    done,
    async stop() {
      stopping = true;
      await pulling.close();
      await Promise.allSettled([...inFlight]);
      // Acks are fire-and-forget; make sure the server has them before saying we stopped.
      if (!bus.connection.isClosed()) await bus.connection.flush();
    },
  };
}

async function deleteConsumer(bus: Bus, stream: string, name: string): Promise<void> {
  try {
    await bus.manager.consumers.delete(stream, name);
    bus.logger.info({ stream, durable: name }, 'durable consumer reset to replay from the start');
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function upsertConsumer(bus: Bus, stream: string, config: Partial<ConsumerConfig>): Promise<void> {
  const name = config.durable_name!;
  try {
    await bus.manager.consumers.info(stream, name);
    const { durable_name: _name, deliver_policy: _policy, ...updatable } = config;
    await bus.manager.consumers.update(stream, name, updatable);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await bus.manager.consumers.add(stream, config);
    } catch (addError) {
      if (!/already (in use|exists)/i.test(String(addError))) throw addError;
    }
  }
}

/**
 * One durable per subject (`<durable>-<subject with _ for .>`), each filtered on its subject, run
 * together as one: for servers that filter on one subject only. Order holds within a subject,
 * not across them — as handlers here already assume (each is idempotent and versioned).
 */
async function runPerSubject(bus: Bus, options: ConsumerOptions): Promise<ConsumerRunner> {
  const bySubject = new Map<string, Subscription[]>();
  for (const s of options.subscriptions) bySubject.set(s.contract.subject, [...(bySubject.get(s.contract.subject) ?? []), s]);
  const runners: ConsumerRunner[] = [];
  try {
    for (const [subject, subscriptions] of bySubject) {
      runners.push(
        await runConsumer(bus, { ...options, durable: `${options.durable}-${subject.replaceAll('.', '_')}`, subscriptions }),
      );
    }
  } catch (error) {
    await Promise.all(runners.map((r) => r.stop()));
    throw error;
  }
  return {
    done: Promise.all(runners.map((r) => r.done)).then(() => undefined),
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}
