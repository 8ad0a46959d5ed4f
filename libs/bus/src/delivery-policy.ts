import { context, SpanKind, SpanStatusCode, trace, type Link, type Span } from '@opentelemetry/api';
import type { JsMsg } from 'nats';
import type { Bus } from './bus.js';
import { deadLetter } from './dead-letter.js';
import { storeUnreachable } from './dependency-errors.js';
import { PermanentError } from './errors.js';
import { contextFromHeaders } from './trace-headers.js';

export interface DeliveryPolicyOptions {
  /** Handler attempts before the message is dead-lettered. */
  maxDeliver?: number;
  /** Delay before each retry; the last value repeats. */
  backoffMs?: readonly number[];
  /** Delays between tries in place while the store's server is unreachable (the last repeats). */
  outageRetryMs?: readonly number[];
}

/** What becomes of a delivery whose handler failed. */
export type FailureOutcome = { kind: 'dead-letter' } | { kind: 'retry'; delayMs: number };

/**
 * What both consumers (runConsumer, one event at a time; runBatchConsumer, many) do with a
 * delivery: how often it is tried, how long each retry waits, when it goes to the dead letters,
 * and how an outage of the store is waited out without spending deliveries. One policy, so the
 * two cannot drift apart.
 */
export class DeliveryPolicy {
  readonly maxDeliver: number;
  private readonly backoffMs: readonly number[];
  private readonly outageRetryMs: readonly number[];

  constructor(options: DeliveryPolicyOptions = {}) {
    this.maxDeliver = options.maxDeliver ?? 5;
    this.backoffMs = options.backoffMs?.length ? options.backoffMs : [1000, 5000, 30_000];
    this.outageRetryMs = options.outageRetryMs?.length ? options.outageRetryMs : [500, 1000, 2000, 5000, 10_000];
  }

  /**
   * The server's max_deliver: one more than ours, so that if the last attempt hangs past ack_wait
   * the extra delivery is dead-lettered without running the handler again.
   */
  get serverMaxDeliver(): number {
    return this.maxDeliver + 1;
  }

  /** A delivery past our limit: its last attempt timed out (see serverMaxDeliver). */
  exhausted(deliveryCount: number): boolean {
    return deliveryCount > this.maxDeliver;
  }

  /**
   * After a failure: a permanent error, or a failure on the last delivery, is dead-lettered — but
   * never because the store was down (stopping during an outage hands the message back instead).
   */
  afterFailure(error: unknown, deliveryCount: number): FailureOutcome {
    if (error instanceof PermanentError || (deliveryCount >= this.maxDeliver && !storeUnreachable(error))) {
      return { kind: 'dead-letter' };
    }
    return { kind: 'retry', delayMs: this.backoffMs[Math.min(deliveryCount - 1, this.backoffMs.length - 1)] ?? 1000 };
  }

  /**
   * Runs `attempt` until it succeeds, holding the message(s) while the store's server is
   * unreachable: a server being down says nothing about the message, and redelivering would spend
   * one of its few deliveries per try — an outage longer than the backoffs would dead-letter good
   * events. Only the store counts: a request to another service that has no responders or times
   * out, or a client this process closed, stays a failure of the delivery.
   */
  async holdThroughOutage(
    attempt: () => Promise<void>,
    hold: { canHold: () => boolean; keepAlive?: () => void; onWait?: (tries: number, delayMs: number) => void },
  ): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      try {
        await attempt();
        return;
      } catch (error) {
        if (!storeUnreachable(error) || !hold.canHold()) throw error;
        hold.keepAlive?.();
        const delay = this.outageRetryMs[Math.min(tries, this.outageRetryMs.length - 1)]!;
        hold.onWait?.(tries, delay);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Settles a failed delivery as `afterFailure` decides: dead-lettered and terminated, or nak'ed with its backoff. */
  async settleFailure(
    bus: Bus,
    msg: JsMsg,
    consumer: { stream: string; durable: string },
    error: unknown,
    log: Record<string, unknown> = {},
  ): Promise<void> {
    const outcome = this.afterFailure(error, msg.info.redeliveryCount);
    if (outcome.kind === 'dead-letter') {
      bus.logger.error({ ...log, err: error }, 'handler gave up, dead-lettering');
      await deadLetter(bus, msg, consumer, (error as Error).message);
      msg.term();
    } else {
      bus.logger.warn({ ...log, err: error, retryInMs: outcome.delayMs }, 'handler failed, will retry');
      msg.nak(outcome.delayMs);
    }
  }
}

const tracer = trace.getTracer('@zhtj/bus');

/**
 * Runs a handler inside a consumer span: for one message, the child of the trace its publisher
 * sent; for a batch, a span of its own linked to each message's trace (OpenTelemetry's way for
 * work that serves many producers at once). A failure is recorded on the span and rethrown.
 */
export async function inConsumerSpan<R>(name: string, msgs: readonly JsMsg[], run: () => Promise<R>): Promise<R> {
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': msgs[0]?.subject ?? '',
    'messaging.batch.message_count': msgs.length,
  };
  let span: Span;
  if (msgs.length === 1) {
    span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, contextFromHeaders(msgs[0]!.headers));
  } else {
    const links: Link[] = msgs.flatMap((m) => {
      const linked = trace.getSpanContext(contextFromHeaders(m.headers));
      return linked ? [{ context: linked }] : [];
    });
    span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes, links });
  }
  try {
    return await context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
