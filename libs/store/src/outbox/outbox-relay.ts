import type { Model } from 'mongoose';
import { newId } from '@zhtj/contracts';
import type { Bus } from '@zhtj/bus';
import { bulkWriteInChunks } from '../mongo/bulk-write.js';
import { onOutboxWrite, type OutboxEntry } from './outbox.plugin.js';

/** The collections whose documents carry an outbox (outboxPlugin): what a relay publishes from. */
export type OutboxModels = ReadonlyArray<Model<any>>;
import { inWindow } from './window.js';

export interface OutboxRelayOptions {
  bus: Bus;
  /** Models whose schema uses outboxPlugin. */
  models: OutboxModels;
  /** How often to look for events when nobody kicks the relay. */
  pollIntervalMs?: number;
  /** Documents claimed per pass. */
  batchSize?: number;
  /** How long a claim lasts; after it, another relay may take the documents over. */
  leaseMs?: number;
}

export interface OutboxRelay {
  /** Publish soon: call after a write so events go out without waiting for the next poll. */
  kick(): void;
  /** One pass over every model; returns how many events were published. For tests and tools. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

interface PendingDoc {
  _id: unknown;
  outbox: OutboxEntry[];
}

/**
 * Documents being published at once by one pass (each document's events in order). Bounded: a
 * backlog of hundreds published all at once makes each publish wait behind the others, and on a
 * loaded machine (or a server just restarted) they all time out together and nothing moves.
 */
const PUBLISH_WINDOW = 32;

/**
 * Publishes the events waiting in aggregates' `outbox` arrays, then removes them.
 *
 * Several replicas may run it at once: each claims a batch of documents with a lease before
 * publishing, and JetStream drops a second copy of any event by its `Nats-Msg-Id`, so an event
 * published twice (a relay that died after publishing but before pulling) arrives once.
 * Events left behind by a crash are found by the next pass, since they are still in the
 * document.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { bus } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 30_000;
  const relayId = newId();
  let stopped = false;
  let wake: (() => void) | undefined;
  let kicked = false;

  const claimAndPublish = async (model: Model<any>): Promise<number> => {
    const now = new Date();
    const claimable = { outboxPending: true, $or: [{ outboxLock: null }, { 'outboxLock.until': { $lt: now } }] };
    const candidates = await model.find(claimable).select('_id').limit(batchSize).lean<Array<{ _id: unknown }>>();
    if (candidates.length === 0) return 0;
    const claim = `${relayId}:${newId()}`;
    const ids = candidates.map((c) => c._id);
    // The raw driver: a claim is not an outbox write, and must not wake the relays again.
    await model.collection.updateMany({ ...claimable, _id: { $in: ids } } as never, {
      $set: { outboxLock: { until: new Date(now.getTime() + leaseMs), by: claim } },
    });
    const claimed = await model
      .find({ _id: { $in: ids }, 'outboxLock.by': claim })
      .select('outbox')
      .lean<PendingDoc[]>();

    let published = 0;
    const publishDoc = async (doc: PendingDoc) => {
      const done: OutboxEntry[] = [];
      // In order within a document: a consumer sees an aggregate's events as they happened.
      for (const entry of doc.outbox) {
        try {
          const { traceparent, ...event } = entry;
          await bus.publish(event, traceparent ? { traceparent } : {});
          done.push(entry);
        } catch (error) {
          bus.logger.warn({ err: error, eventId: entry.id, type: entry.type }, 'outbox publish failed; will retry');
          break;
        }
      }
      published += done.length;
      return {
        updateOne: {
          filter: { _id: doc._id },
          // $pullAll of the entries exactly as read: FerretDB 1.24's $pull ignores conditions
          // on subdocument fields, while exact-document removal works on both servers.
          update: { $pullAll: { outbox: done }, $set: { outboxLock: null } },
        },
      };
    };
    // publishDoc never throws: a failed publish leaves the rest of its document for the next pass.
    const releases = await inWindow(claimed, PUBLISH_WINDOW, publishDoc);
    // The raw driver, so mongoose's casting cannot reshape the entries we match on.
    await bulkWriteInChunks(model, releases as never, { ordered: false });
    // Not pending once empty. A push since the release found the outbox non-empty, so the filter
    // misses and the document stays pending; a push after this sets it again itself.
    await bulkWriteInChunks(
      model,
      claimed.map((doc) => ({
        updateOne: { filter: { _id: doc._id, 'outbox.0': { $exists: false } }, update: { $set: { outboxPending: false } } },
      })) as never,
      { ordered: false },
    );
    return published;
  };

  const runOnce = async (): Promise<number> => {
    // NATS away: every publish would wait out its timeout; the reconnect kicks the relay.
    if (!bus.connected) return 0;
    let total = 0;
    const started = performance.now();
    for (const model of options.models) total += await claimAndPublish(model);
    if (total > 0) bus.logger.debug({ published: total, ms: Math.round(performance.now() - started) }, 'outbox relay pass');
    return total;
  };

  const loop = (async () => {
    while (!stopped) {
      kicked = false;
      let published = 0;
      try {
        published = await runOnce();
      } catch (error) {
        bus.logger.warn({ err: error }, 'outbox relay pass failed; will retry');
      }
      if (stopped) break;
      // A full batch means more may be waiting: go again at once.
      if (published >= batchSize || kicked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  const kick = () => {
    kicked = true;
    wake?.();
  };
  const unsubscribe = onOutboxWrite(kick);
  const unsubscribeReconnect = bus.onReconnect(kick);
  return {
    kick,
    runOnce,
    async stop() {
      stopped = true;
      unsubscribe();
      unsubscribeReconnect();
      wake?.();
      await loop;
    },
  };
}
