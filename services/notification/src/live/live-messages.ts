import type { Redis } from 'ioredis';

interface Listener {
  /** One of its addresses has news. */
  news(): void;
  /** The service is stopping: the stream should end (the browser reconnects elsewhere). */
  end(): void;
}

/**
 * Tells open streams that their inbox has news, across replicas: a consumer in one replica writes
 * a message and publishes its address on one Redis channel; every replica's subscriber wakes the
 * streams whose inbox holds that address, and each reads what is new from the store. Nothing
 * personal travels on the channel, only addresses.
 */
export class LiveMessages {
  private readonly listeners = new Map<string, Set<Listener>>();
  private ending = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {
    subscriber.on('message', (channel: string, address: string) => {
      if (channel !== this.channel) return;
      for (const listener of this.listeners.get(address) ?? []) listener.news();
    });
  }

  /** `channel` is namespaced by the caller (tests run several systems on one Redis). */
  static async start(redis: Redis, channel: string): Promise<LiveMessages> {
    const subscriber = redis.duplicate();
    await subscriber.subscribe(channel);
    return new LiveMessages(redis, subscriber, channel);
  }

  /** Wakes the streams of these addresses (best effort: a stream also catches up when it reconnects). */
  async announce(addresses: readonly string[]): Promise<void> {
    for (const address of new Set(addresses)) await this.publisher.publish(this.channel, address);
  }

  /** Tells `listener` whenever one of the addresses has news; returns the call that stops it. */
  listen(addresses: readonly string[], listener: Listener): () => void {
    if (this.ending) queueMicrotask(() => listener.end());
    for (const address of addresses) {
      let set = this.listeners.get(address);
      if (!set) this.listeners.set(address, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const address of addresses) {
        const set = this.listeners.get(address);
        set?.delete(listener);
        if (set?.size === 0) this.listeners.delete(address);
      }
    };
  }

  /** Open streams listening, for tests and metrics. */
  get listening(): number {
    return new Set([...this.listeners.values()].flatMap((s) => [...s])).size;
  }

  /** Ends every open stream, and any opened from now on: the service is stopping. */
  endStreams(): void {
    this.ending = true;
    for (const listener of new Set([...this.listeners.values()].flatMap((set) => [...set]))) listener.end();
  }

  async stop(): Promise<void> {
    this.endStreams();
    this.listeners.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
