import type { ConsumerConfig, ConsumerMessages, JsMsg } from 'nats';
import type { Bus } from './bus.js';

export interface PullLoop {
  /** Settles when the loop has ended (after close). */
  readonly done: Promise<void>;
  /** Stops pulling: the messages in hand are still given to `each`. */
  close(): Promise<void>;
}

/**
 * Pulls a durable consumer's messages until closed. nats.js ends a `consume()` iterator for good
 * on some failures — the consumer missing for a moment while a restarted server recovers its
 * streams, a connection closed and opened again — and a service must not stop consuming
 * silently then: the consumer is made again if need be, and pulled from anew, with a pause
 * that grows to 10 s while it keeps failing.
 */
export async function pullLoop(
  bus: Bus,
  streamName: string,
  config: Partial<ConsumerConfig>,
  options: {
    maxMessages: number;
    /** Makes sure the durable exists with this config (consumer.ts's upsertConsumer). */
    ensure: () => Promise<void>;
    each: (msg: JsMsg) => Promise<void>;
  },
): Promise<PullLoop> {
  const durable = config.durable_name!;
  const open = async (): Promise<ConsumerMessages> => {
    const consumer = await bus.jetstream.consumers.get(streamName, durable);
    // Left to itself, nats.js waits forever for a consumer that is gone; told to give up, it ends
    // the iterator, and the loop below makes the consumer again.
    // Pull requests last 10 s (heartbeats every 5 s): a server restarted, or a replica killed
    // with a request outstanding, is noticed within seconds rather than the 30 s default.
    return consumer.consume({ max_messages: options.maxMessages, expires: 10_000, abort_on_missing_resource: true });
  };
  let messages = await open();
  let closing = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    let failures = 0;
    while (!closing) {
      try {
        for await (const msg of messages) {
          failures = 0;
          await options.each(msg);
        }
      } catch (error) {
        bus.logger.warn({ err: error, stream: streamName, durable }, 'pulling messages failed');
      }
      // Ended without being closed: pull again.
      while (!closing) {
        failures += 1;
        await pause(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
        if (closing) break;
        try {
          await options.ensure();
          messages = await open();
          bus.logger.info({ stream: streamName, durable }, 'pulling messages again');
          break;
        } catch (error) {
          bus.logger.warn({ err: error, stream: streamName, durable }, 'cannot pull messages yet; retrying');
        }
      }
    }
  })();

  return {
    done,
    async close() {
      closing = true;
      wake?.();
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}
