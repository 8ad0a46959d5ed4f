import {
  connect,
  JSONCodec,
  nanos,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type PubAck,
} from 'nats';
import { streams, type EventEnvelope, type StreamName } from '@zhtj/contracts';
import { createNamespace, type Namespace } from './namespace.js';
import { headersWithTrace } from './trace-headers.js';
import { silentLogger, type BusLogger } from './logger.js';

export interface BusOptions {
  /** e.g. `nats://127.0.0.1:4222` (comma-separated for a cluster). */
  url: string;
  /** Client name shown in NATS monitoring, usually the service name. */
  name: string;
  /** Prefix for subjects and streams; tests use it to stay apart. */
  namespace?: string;
  logger?: BusLogger;
  /**
   * How long JetStream remembers message ids to drop duplicates. The outbox relay may
   * republish an event after a crash; inside this window the copy is dropped.
   */
  duplicateWindowMs?: number;
  /**
   * Copies JetStream keeps of each stream: 1 on a single server, 3 on a three-server cluster
   * (a stream then survives the loss of one server and its volume). Every service must say the
   * same: each brings the streams' config up to date at start.
   */
  streamReplicas?: number;
}

const jsonCodec = JSONCodec();

/**
 * The service's handle on NATS. Services never import `nats` themselves: everything they need
 * (publish, consume, request/reply, health) is here, so the client can be swapped in one place.
 */
export class Bus {
  private online = true;
  private readonly reconnectListeners = new Set<() => void>();

  private constructor(
    readonly connection: NatsConnection,
    readonly jetstream: JetStreamClient,
    readonly manager: JetStreamManager,
    readonly namespace: Namespace,
    readonly logger: BusLogger,
    private readonly duplicateWindowMs: number,
    private readonly streamReplicas: number,
  ) {}

  /**
   * Connects and keeps reconnecting forever in the background (a NATS restart must not kill
   * the service; /readyz reports the outage instead).
   *
   * @example
   * const bus = await Bus.connect({ url: config.NATS_URL, name: 'membership' });
   * await bus.ensureStreams();
   */
  static async connect(options: BusOptions): Promise<Bus> {
    const connection = await connect({
      servers: options.url.split(','),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
    const manager = await connection.jetstreamManager();
    const bus = new Bus(
      connection,
      connection.jetstream(),
      manager,
      createNamespace(options.namespace),
      options.logger ?? silentLogger,
      options.duplicateWindowMs ?? 10 * 60_000,
      options.streamReplicas ?? 1,
    );
    void bus.followStatus();
    return bus;
  }

  /**
   * Whether the connection is up right now. While it is not, writers leave their events to the
   * outbox relay instead of waiting on a publish that cannot be answered.
   */
  get connected(): boolean {
    return this.online && !this.connection.isClosed();
  }

  /** Calls `listener` each time the connection is back after a loss; returns the unsubscribe. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private async followStatus(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') {
        this.online = false;
        this.logger.warn({ server: status.data }, 'NATS connection lost; reconnecting');
      } else if (status.type === 'reconnect') {
        this.online = true;
        this.logger.info({ server: status.data }, 'NATS connection back');
        for (const listener of this.reconnectListeners) listener();
      }
    }
  }

  /**
   * Creates the streams from the contracts, or brings their config up to date. Safe to call
   * from every replica at every start.
   */
  async ensureStreams(names: readonly StreamName[] = Object.keys(streams) as StreamName[]): Promise<void> {
    for (const name of names) {
      const contract = streams[name];
      const config = {
        name: this.namespace.stream(name),
        subjects: contract.subjects.map((s) => this.namespace.subject(s)),
        description: contract.description,
        retention: contract.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        duplicate_window: nanos(this.duplicateWindowMs),
        num_replicas: this.streamReplicas,
      };
      try {
        await this.manager.streams.info(config.name);
        await this.manager.streams.update(config.name, config);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        try {
          await this.manager.streams.add(config);
        } catch (addError) {
          // Another replica created it between our look and our add.
          if (!/already in use|already exists/i.test(String(addError))) throw addError;
        }
      }
    }
  }

  /**
   * Publishes an event to JetStream with `Nats-Msg-Id = event.id`, so a second publish of the
   * same event (a retry, a relay after a crash) is dropped by the server.
   */
  async publish(event: EventEnvelope, options: { traceparent?: string } = {}): Promise<PubAck> {
    const subject = this.namespace.subject(event.type);
    return this.jetstream.publish(subject, jsonCodec.encode(event), {
      msgID: event.id,
      headers: headersWithTrace(options.traceparent),
    });
  }

  /** Whether the connected server is at least major.minor (features differ, e.g. filter_subjects). */
  serverAtLeast(major: number, minor: number): boolean {
    const [maj = 0, min = 0] = (this.connection.info?.version ?? '0.0.0').split('.').map(Number);
    return maj > major || (maj === major && min >= minor);
  }

  /** Round-trip time to the server; throws when disconnected. Used by /readyz. */
  async ping(): Promise<number> {
    if (this.connection.isClosed()) throw new Error('NATS connection closed');
    return this.connection.rtt();
  }

  /** Finishes in-flight publishes and subscriptions, then closes. */
  async drain(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain();
  }
}

export function isNotFound(error: unknown): boolean {
  return /not found/i.test(String((error as Error)?.message ?? error));
}

export { jsonCodec };
